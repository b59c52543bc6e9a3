import type { BlockStats, GraphAnalysis, GraphTotals } from './analysis-types';

/**
 * Sums the costs and activations of resolved blocks (those with a cost and an output shape), in the
 * order given. Output shape and receptive field come from the Output block when it is among them,
 * else from the last one.
 */
export function sumTotals(stats: Iterable<BlockStats>): GraphTotals {
  const t: GraphTotals = {
    params: 0,
    trainableParams: 0,
    nonTrainableParams: 0,
    macs: 0,
    flops: 0,
    activationBytes: 0,
    activationElements: 0,
    peakActivationBytes: 0,
    receptiveField: null,
    outputShape: null,
  };
  let last: BlockStats | null = null;
  let output: BlockStats | null = null;
  for (const st of stats) {
    if (!st.cost || !st.outputShape) continue;
    t.params += st.cost.params;
    t.trainableParams += st.cost.trainableParams;
    t.nonTrainableParams += st.cost.nonTrainableParams;
    t.macs += st.cost.macs;
    t.flops += st.cost.flops;
    t.activationElements += st.activationElements;
    t.activationBytes += st.activationBytes;
    if (st.activationBytes > t.peakActivationBytes) t.peakActivationBytes = st.activationBytes;
    last = st;
    if (st.kind === 'output' && !output) output = st;
  }
  const end = output ?? last;
  if (end) {
    t.receptiveField = end.receptiveField;
    t.outputShape = end.outputShape;
  }
  return t;
}

/**
 * The totals to show for a design. Valid: the analysis' own. Invalid: those of its resolved part,
 * every block with a known cost (the analysis itself counts only blocks that reach a working output,
 * often none, which would read as a misleading 0) — a lower bound, flagged `partial`.
 */
export function shownTotals(analysis: GraphAnalysis): { totals: GraphTotals; partial: boolean } {
  return analysis.valid ? { totals: analysis.totals, partial: false } : { totals: sumTotals(analysis.blocks), partial: true };
}
