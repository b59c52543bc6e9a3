import type { GraphAnalysis } from '../graph/analysis-types';
import type { BlockKind } from '../graph/types';

export interface KindCost {
  kind: BlockKind;
  params: number;
  macs: number;
  blocks: number;
}

/** Params and MACs summed per block kind (kinds with no blocks omitted), largest params first. */
export function breakdownByKind(analysis: GraphAnalysis): KindCost[] {
  const map = new Map<BlockKind, KindCost>();
  for (const b of analysis.blocks) {
    const entry = map.get(b.kind) ?? { kind: b.kind, params: 0, macs: 0, blocks: 0 };
    entry.params += b.cost?.params ?? 0;
    entry.macs += b.cost?.macs ?? 0;
    entry.blocks += 1;
    map.set(b.kind, entry);
  }
  return [...map.values()].sort((x, y) => y.params - x.params || y.macs - x.macs || x.kind.localeCompare(y.kind));
}

/** One stacked-bar datum per variant: `{ name, [kind]: value }` for the given metric. */
export function stackedByKind(
  variants: readonly { name: string; analysis: GraphAnalysis }[],
  metric: 'params' | 'macs',
): { kinds: BlockKind[]; data: Record<string, number | string>[] } {
  const kinds = new Set<BlockKind>();
  const data = variants.map((v) => {
    const row: Record<string, number | string> = { name: v.name };
    for (const k of breakdownByKind(v.analysis)) {
      if (k[metric] === 0) continue;
      kinds.add(k.kind);
      row[k.kind] = k[metric];
    }
    return row;
  });
  return { kinds: [...kinds].sort(), data };
}
