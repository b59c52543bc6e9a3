import { useLatencyStore, type OverlayMetric, type VariantLatency } from '../../state/latency';
import type { Design } from '../../core/graph/types';
import { selectActiveDesign, useAppStore } from '../../state/store';
import { analyzeCached } from '../summary/use-analysis';
import { overlayColour, overlayValues, formatOverlayValue, OVERLAY_LABELS, type OverlayValues } from './overlay';
import { useActiveLatency } from './use-latency';

/** One cached result: every block node asks for the same (metric, design, measurement). */
let last: { metric: OverlayMetric; design: Design; latency: VariantLatency | null; value: OverlayValues | null } | null = null;
function cachedOverlay(metric: OverlayMetric, design: Design | undefined, latency: VariantLatency | null): OverlayValues | null {
  if (!design || metric === 'none') return null;
  if (last && last.metric === metric && last.design === design && last.latency === latency) return last.value;
  const value = overlayValues(metric, analyzeCached(design), latency);
  last = { metric, design, latency, value };
  return value;
}

/** The active design's overlay values (null when the overlay is off). */
export function useOverlay(): OverlayValues | null {
  const metric = useLatencyStore((s) => s.overlay);
  const design = useAppStore(selectActiveDesign);
  const { latency } = useActiveLatency();
  return cachedOverlay(metric, design, latency);
}

/** A block's overlay colour and what it stands for; null when the overlay is off or the block has no value. */
export function useBlockOverlay(blockId: string): { colour: string; title: string } | null {
  const overlay = useOverlay();
  const v = overlay?.values.get(blockId);
  if (!overlay || v === undefined) return null;
  return {
    colour: overlayColour(overlay.max > 0 ? v / overlay.max : 0),
    title: `${OVERLAY_LABELS[overlay.metric]}: ${formatOverlayValue(overlay.metric, v)}`,
  };
}
