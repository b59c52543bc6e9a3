import type { BlockStats, GraphAnalysis } from '../../core/graph/analysis-types';
import { formatShape } from '../summary/format';

export type SortKey = 'order' | 'name' | 'kind' | 'shape' | 'params' | 'macs';
export type SortDir = 'asc' | 'desc';

export interface LayerRow {
  order: number;
  blockId: string;
  name: string;
  kind: string;
  shape: string;
  params: number | null;
  macs: number | null;
  /** Share of the design's total params / MACs in [0, 1]. */
  paramShare: number;
  macShare: number;
  hasError: boolean;
}

export function buildRows(analysis: GraphAnalysis, kindLabel: (s: BlockStats) => string): LayerRow[] {
  const totalParams = analysis.totals.params;
  const totalMacs = analysis.totals.macs;
  const faulty = new Set(analysis.issues.filter((i) => i.severity === 'error' && i.blockId).map((i) => i.blockId));
  return analysis.blocks.map((s, order) => ({
    order,
    blockId: s.blockId,
    name: s.name,
    kind: kindLabel(s),
    shape: formatShape(s.outputShape),
    params: s.cost?.params ?? null,
    macs: s.cost?.macs ?? null,
    paramShare: s.cost && totalParams > 0 ? s.cost.params / totalParams : 0,
    macShare: s.cost && totalMacs > 0 ? s.cost.macs / totalMacs : 0,
    hasError: faulty.has(s.blockId),
  }));
}

/** Stable sort of layer rows; unknown (null) numbers sort last either way. */
export function sortRows(rows: readonly LayerRow[], key: SortKey, dir: SortDir): LayerRow[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const va = a[key];
    const vb = b[key];
    if (va === null && vb === null) return a.order - b.order;
    if (va === null) return 1;
    if (vb === null) return -1;
    const c = typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb));
    return c !== 0 ? sign * c : a.order - b.order;
  });
}
