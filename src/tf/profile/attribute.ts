import type { Design } from '../../core/graph/types';
import type { BlockLatency } from '../../core/profile/latency-types';

export type { BlockLatency };

/**
 * Per-layer medians → per-block times and shares. `blockLayers` is designToKerasModel's map (block id → its
 * tf layer names); layers not named there are ignored, and a block whose layers were never timed (the Input
 * block: its InputLayer does no compute) gets 0. Blocks appear in the design's block order. Pure: no tfjs.
 */
export function attributeToBlocks(design: Design, blockLayers: Record<string, string[]>, layerMs: ReadonlyMap<string, number>): BlockLatency[] {
  const rows = design.blocks
    .filter((b) => Object.prototype.hasOwnProperty.call(blockLayers, b.id))
    .map((b) => ({
      id: b.id,
      name: b.name,
      kind: b.kind,
      ms: blockLayers[b.id].reduce((sum, layer) => sum + (layerMs.get(layer) ?? 0), 0),
    }));
  const total = rows.reduce((s, r) => s + r.ms, 0);
  return rows.map((r) => ({ ...r, share: total > 0 ? r.ms / total : 0 }));
}

/** Median of a non-empty list (mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
