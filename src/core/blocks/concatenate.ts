import type { BlockParams } from '../graph/types';
import { ZERO_COST, type BlockDef } from './block-def';
import { fail, formatShape, mergeFields, ok } from './shape-utils';

/** Keras Concatenate on the last (channel) axis: all other axes must match. */
export const concatenateDef: BlockDef<BlockParams> = {
  kind: 'concatenate',
  label: 'Concatenate',
  category: 'helper',
  description: 'Stacks two or more inputs along the channel axis; all other dimensions must match (Keras Concatenate).',
  fields: [],
  inputs: { min: 2, max: Infinity },
  inferShape({ inputShapes }) {
    if (inputShapes.length < 2) return fail('missing-input', `Concatenate needs at least 2 inputs (has ${inputShapes.length})`);
    const first = inputShapes[0];
    let last = first[first.length - 1];
    for (let i = 1; i < inputShapes.length; i++) {
      const s = inputShapes[i];
      const mismatch = s.length !== first.length || s.some((d, k) => k < first.length - 1 && d !== first[k]);
      if (mismatch) {
        return fail(
          'merge-shape-mismatch',
          `Concatenate needs inputs that match on every axis but the last, but input 1 is ${formatShape(first)} and input ${i + 1} is ${formatShape(s)}`,
          i,
        );
      }
      last += s[s.length - 1];
    }
    return ok([...first.slice(0, -1), last]);
  },
  cost() {
    return { ...ZERO_COST };
  },
  receptiveField(_ctx, fields) {
    return mergeFields(fields);
  },
};
