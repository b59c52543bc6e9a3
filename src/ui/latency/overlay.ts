import type { GraphAnalysis } from '../../core/graph/analysis-types';
import type { OverlayMetric, VariantLatency } from '../../state/latency';
import { formatBytes, formatCompact } from '../summary/format';
import { formatMs } from './use-latency';

/** Per-block values of one overlay metric, and the largest (the top of the colour scale). */
export interface OverlayValues {
  metric: Exclude<OverlayMetric, 'none'>;
  values: Map<string, number>;
  max: number;
}

export const OVERLAY_LABELS: Record<OverlayMetric, string> = {
  none: 'Nothing',
  params: 'Params',
  macs: 'MACs',
  activations: 'Activation memory',
  latency: 'Measured latency',
};

/** Values per block for the metric; latency is the batch-1 measurement (empty when not measured). Pure. */
export function overlayValues(metric: OverlayMetric, analysis: GraphAnalysis, latency: VariantLatency | null): OverlayValues | null {
  if (metric === 'none') return null;
  const values = new Map<string, number>();
  if (metric === 'latency') {
    const p = latency?.profiles.find((x) => x.batch === 1) ?? latency?.profiles[0];
    for (const b of p?.blocks ?? []) values.set(b.id, b.ms);
  } else {
    for (const s of analysis.blocks) {
      const v = metric === 'params' ? s.cost?.params : metric === 'macs' ? s.cost?.macs : s.outputShape ? s.activationBytes : undefined;
      if (v !== undefined && v !== null) values.set(s.blockId, v);
    }
  }
  return { metric, values, max: Math.max(0, ...values.values()) };
}

/** Light → strong orange; every stop keeps body text above 4.5:1. */
const RAMP: [number, number, number][] = [
  [255, 245, 235],
  [253, 208, 162],
  [253, 160, 90],
];

/** Background colour for a fraction 0..1 of the largest value. */
export function overlayColour(fraction: number): string {
  const f = Math.min(1, Math.max(0, fraction)) * (RAMP.length - 1);
  const i = Math.min(RAMP.length - 2, Math.floor(f));
  const t = f - i;
  const [a, b] = [RAMP[i], RAMP[i + 1]];
  const c = a.map((x, k) => Math.round(x + (b[k] - x) * t));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

/** A value as the legend and node titles show it. */
export function formatOverlayValue(metric: Exclude<OverlayMetric, 'none'>, v: number): string {
  if (metric === 'latency') return formatMs(v);
  if (metric === 'activations') return formatBytes(v);
  return formatCompact(v);
}
