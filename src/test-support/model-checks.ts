/** Assertions on compiled tfjs models (tests of src/tf). */
import type * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import type { GraphAnalysis } from '../core/graph/analysis-types';
import type { Design } from '../core/graph/types';
import { compareModelWithAnalysis, type ModelAnalysisComparison } from '../tf/compile-checks';

/** Expects the compiled model to agree with the analysis: every per-block shape and the three param counts. */
export function expectModelMatchesAnalysis(model: tf.LayersModel, d: Design, a: GraphAnalysis): ModelAnalysisComparison {
  const r = compareModelWithAnalysis(model, d, a);
  expect(r.mismatches).toEqual([]);
  expect(r.counts).toEqual({
    params: a.totals.params,
    trainableParams: a.totals.trainableParams,
    nonTrainableParams: a.totals.nonTrainableParams,
  });
  return r;
}
