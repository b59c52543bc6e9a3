import type * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import type { GraphAnalysis } from '../core/graph/analysis-types';
import { createBlock } from '../core/graph/factory';
import type { BlockKind, BlockParams, Design } from '../core/graph/types';
import { compareModelWithAnalysis, type ModelAnalysisComparison } from './compile-checks';

/** Test helpers of compile.test.ts and compile.property.test.ts. */

/** Appends a `kind` block fed by the blocks `inputIds` (in input order) to the design; returns its id. */
export function addBlock(d: Design, kind: BlockKind, params: Partial<BlockParams>, inputIds: readonly string[]): string {
  const b = createBlock(kind, d, undefined, params);
  d.blocks.push(b);
  inputIds.forEach((src, k) => d.edges.push({ id: `e${d.edges.length}`, source: src, target: b.id, targetIndex: k }));
  return b.id;
}

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
