import { useMemo } from 'react';
import { currentLatency, useLatencyStore, type VariantLatency } from '../../state/latency';
import { selectActiveDesign, useAppStore } from '../../state/store';

/** The active variant's measurement while it still matches its design (null when none or stale). */
export function useActiveLatency(): { latency: VariantLatency | null; stale: boolean } {
  const variantId = useAppStore((s) => s.activeVariantId);
  const design = useAppStore(selectActiveDesign);
  const saved = useLatencyStore((s) => (variantId ? s.byVariant[variantId] : undefined));
  return useMemo(() => {
    const latency = currentLatency(variantId && saved ? { [variantId]: saved } : {}, variantId, design);
    return { latency, stale: saved !== undefined && latency === null };
  }, [variantId, design, saved]);
}

/** "0.85 ms" with precision that suits the size. */
export function formatMs(ms: number): string {
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(ms >= 0.1 || ms === 0 ? 2 : 3)} ms`;
}
