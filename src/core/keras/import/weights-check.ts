import { analyzeDesign } from '../../graph/analyze';
import type { Design } from '../../graph/types';

/**
 * Cross-checks the imported design against a tfjs weightsManifest: the manifest lists every
 * weight (kernels, biases, BN gammas/betas/moving stats), so its element count must equal the
 * design's parameter count. Returns a warning when they differ (none without a manifest).
 */
export function checkAgainstWeights(design: Design, weightShapes: ReadonlyMap<string, number[]>): string[] {
  if (weightShapes.size === 0) return [];
  let expected = 0;
  for (const shape of weightShapes.values()) expected += shape.reduce((a, b) => a * b, 1);
  const analysis = analyzeDesign(design);
  const got = analysis.totals.params;
  if (!analysis.valid || got === expected) return [];
  return [
    `the weights manifest holds ${expected.toLocaleString('en-US')} values but the imported design has ${got.toLocaleString('en-US')} params; some layer settings may not have been read correctly`,
  ];
}
