import type { BlockStats, GraphAnalysis, GraphTotals } from '../../core/graph/analysis-types';

/**
 * Totals of the part of the design that could be resolved: every block with a known cost, in
 * topological order. Used while the design is invalid (the core then only counts blocks that
 * reach a working output, often none), so the summary still shows what has been built so far.
 * Output shape and receptive field come from the Output block when it resolved, else from the
 * last resolved block.
 */
export function resolvedTotals(analysis: GraphAnalysis): GraphTotals {
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
  for (const st of analysis.blocks) {
    if (!st.cost || !st.outputShape) continue;
    t.params += st.cost.params;
    t.trainableParams += st.cost.trainableParams;
    t.nonTrainableParams += st.cost.nonTrainableParams;
    t.macs += st.cost.macs;
    t.flops += st.cost.flops;
    t.activationElements += st.activationElements;
    t.activationBytes += st.activationBytes;
    t.peakActivationBytes = Math.max(t.peakActivationBytes, st.activationBytes);
    last = st;
    if (st.kind === 'output') output = st;
  }
  const end = output ?? last;
  if (end) {
    t.outputShape = end.outputShape;
    t.receptiveField = end.receptiveField;
  }
  return t;
}

/** The totals the summary bar shows: the core's when the design is valid, else the resolved part's. */
export function displayTotals(analysis: GraphAnalysis): GraphTotals {
  return analysis.valid ? analysis.totals : resolvedTotals(analysis);
}
