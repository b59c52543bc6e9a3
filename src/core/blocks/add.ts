import type { BlockParams } from '../graph/types';
import type { BlockDef } from './block-def';
import { costOf, elementCount, fail, formatShape, mergeFields, ok } from './shape-utils';

/** Keras Add: element-wise sum of ≥ 2 tensors of identical shape. */
export const addDef: BlockDef<BlockParams> = {
  kind: 'add',
  label: 'Add',
  category: 'helper',
  description: 'Sums two or more inputs of identical shape element by element (residual connections; Keras Add).',
  fields: [],
  inputs: { min: 2, max: Infinity },
  inferShape({ inputShapes }) {
    if (inputShapes.length < 2) return fail('missing-input', `Add needs at least 2 inputs (has ${inputShapes.length})`);
    const first = inputShapes[0];
    for (let i = 1; i < inputShapes.length; i++) {
      const s = inputShapes[i];
      if (s.length !== first.length || s.some((d, k) => d !== first[k])) {
        return fail(
          'merge-shape-mismatch',
          `Add needs inputs of the same shape, but input 1 is ${formatShape(first)} and input ${i + 1} is ${formatShape(s)}`,
          i,
        );
      }
    }
    return ok(first);
  },
  cost({ inputShapes }, output) {
    return costOf(0, 0, 0, (inputShapes.length - 1) * elementCount(output));
  },
  receptiveField(_ctx, fields) {
    return mergeFields(fields);
  },
};
