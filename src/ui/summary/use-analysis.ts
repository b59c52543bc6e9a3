import { useMemo } from 'react';
import { analyzeDesign } from '../../core/graph/analyze';
import type { GraphAnalysis } from '../../core/graph/analysis-types';
import type { Design } from '../../core/graph/types';
import { selectActiveDesign, useAppStore } from '../../state/store';

const EMPTY_DESIGN: Design = { name: 'empty', blocks: [], edges: [] };
const cache = new WeakMap<Design, GraphAnalysis>();
/** Recently analysed designs (several variants are analysed in turn by the sidebar). */
const recent: { design: Design; analysis: GraphAnalysis }[] = [];
const RECENT_MAX = 12;

/**
 * True when two designs differ at most in block positions (the analysis does not depend on them).
 * Relies on edits keeping untouched params/edges objects (all editor edits are immutable updates).
 */
export function sameStructure(a: Design, b: Design): boolean {
  if (a.blocks.length !== b.blocks.length || a.edges.length !== b.edges.length) return false;
  for (let i = 0; i < a.blocks.length; i++) {
    const x = a.blocks[i];
    const y = b.blocks[i];
    if (x !== y && (x.id !== y.id || x.kind !== y.kind || x.name !== y.name || x.params !== y.params)) return false;
  }
  if (a.edges === b.edges) return true;
  for (let i = 0; i < a.edges.length; i++) if (a.edges[i] !== b.edges[i]) return false;
  return true;
}

/**
 * analyzeDesign with a per-design-object cache (every panel shares one analysis per edit); a design
 * that differs from the previous one only in positions (dragging) reuses its analysis object.
 */
export function analyzeCached(design: Design): GraphAnalysis {
  let a = cache.get(design);
  if (!a) {
    a = recent.find((r) => sameStructure(r.design, design))?.analysis ?? analyzeDesign(design);
    cache.set(design, a);
    recent.unshift({ design, analysis: a });
    if (recent.length > RECENT_MAX) recent.pop();
  }
  return a;
}

export function useActiveDesign(): Design {
  return useAppStore(selectActiveDesign) ?? EMPTY_DESIGN;
}

/** The active design and its analysis, recomputed when the design changes. */
export function useAnalysis(): { design: Design; analysis: GraphAnalysis } {
  const design = useActiveDesign();
  const analysis = useMemo(() => analyzeCached(design), [design]);
  return { design, analysis };
}
