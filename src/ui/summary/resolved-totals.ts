import type { GraphAnalysis, GraphTotals } from '../../core/graph/analysis-types';
import { shownTotals, sumTotals } from '../../core/graph/totals';

/**
 * Totals of the part of the design that could be resolved: every block with a known cost, in
 * topological order. Used while the design is invalid (the core then only counts blocks that
 * reach a working output, often none), so the summary still shows what has been built so far.
 * Output shape and receptive field come from the Output block when it resolved, else from the
 * last resolved block.
 */
export function resolvedTotals(analysis: GraphAnalysis): GraphTotals {
  return sumTotals(analysis.blocks);
}

/** The totals the summary bar shows: the core's when the design is valid, else the resolved part's. */
export function displayTotals(analysis: GraphAnalysis): GraphTotals {
  return shownTotals(analysis).totals;
}

/** True when no block of the design resolved (nothing to count: a "0" would mislead). */
export function nothingResolved(analysis: GraphAnalysis): boolean {
  return !analysis.blocks.some((b) => b.cost && b.outputShape);
}
