import type { BlockStats, GraphAnalysis } from '../../core/graph/analysis-types';
import { formatShape } from '../summary/format';
import { displayTotals } from '../summary/resolved-totals';

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
  // Shares of the resolved part while the design is invalid (the core's totals are then partial).
  const totals = displayTotals(analysis);
  const totalParams = totals.params;
  const totalMacs = totals.macs;
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

/** A share as the table shows it: "<0.1%" for tiny non-zero shares, "99.99%" (not "100%") just below 1. */
export function formatShare(share: number): string {
  if (share <= 0) return '0%';
  if (share >= 1) return '100%';
  if (share < 0.001) return '<0.1%';
  if (share >= 0.9995) return `${Math.min(99.99, Math.round(share * 10000) / 100)}%`;
  return `${Math.round(share * 1000) / 10}%`;
}

/** Share above which one layer is called out as holding most of the design's parameters. */
export const DOMINANT_SHARE = 0.5;

/** The row holding at least half of all parameters, if any (e.g. the dense layer after a flatten). */
export function dominantRow(rows: readonly LayerRow[]): LayerRow | null {
  let best: LayerRow | null = null;
  for (const r of rows) if (r.paramShare >= DOMINANT_SHARE && (!best || r.paramShare > best.paramShare)) best = r;
  return best;
}
