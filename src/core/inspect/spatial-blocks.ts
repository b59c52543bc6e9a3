import type { BlockStats, GraphAnalysis } from '../graph/analysis-types';

/**
 * Which blocks the Inspect tab offers: blocks (not the Input) whose output is an H×W×C feature map, in
 * topological order. Grad-CAM uses the last of them with H, W > 1; the effective receptive field defaults
 * to the first Receptive-Field Conv block (else the last spatial block).
 */
export function spatialBlocks(analysis: GraphAnalysis): BlockStats[] {
  return analysis.order
    .map((id) => analysis.byId[id])
    .filter((b): b is BlockStats => !!b && b.kind !== 'input' && b.outputShape !== null && b.outputShape.length === 3);
}

/** The last block whose output is H×W×C with H, W > 1 (Grad-CAM's layer), or null. */
export function lastSpatialBlock(analysis: GraphAnalysis): BlockStats | null {
  const blocks = spatialBlocks(analysis).filter((b) => (b.outputShape as number[])[0] > 1 && (b.outputShape as number[])[1] > 1);
  return blocks[blocks.length - 1] ?? null;
}

/** The block the effective-receptive-field view starts on. */
export function defaultFieldBlock(analysis: GraphAnalysis): BlockStats | null {
  const blocks = spatialBlocks(analysis);
  return blocks.find((b) => b.kind === 'receptive-field-conv') ?? lastSpatialBlock(analysis) ?? blocks[blocks.length - 1] ?? null;
}
