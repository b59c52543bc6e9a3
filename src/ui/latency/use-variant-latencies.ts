import { useMemo } from 'react';
import { currentLatency, useLatencyStore, type VariantLatency } from '../../state/latency';
import { useAppStore } from '../../state/store';

/** Every variant's measurement that still matches its design, by variant id (stale ones are left out). */
export function useVariantLatencies(): Map<string, VariantLatency> {
  const variants = useAppStore((s) => s.variants);
  const byVariant = useLatencyStore((s) => s.byVariant);
  return useMemo(() => {
    const out = new Map<string, VariantLatency>();
    for (const v of variants) {
      const m = currentLatency(byVariant, v.id, v.design);
      if (m) out.set(v.id, m);
    }
    return out;
  }, [variants, byVariant]);
}
