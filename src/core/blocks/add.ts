import { defineBlock, type MergeRule } from './block-def';
import { inferMerge } from './merge';
import { costOf, elementCount, mergeFields } from './shape-utils';

const sameShape: MergeRule = {
  needs: 'inputs of the same shape',
  agree: (first, other) => other.length === first.length && other.every((d, k) => d === first[k]),
};

/** Keras Add: element-wise sum of ≥ 2 tensors of identical shape. */
export const addDef = defineBlock({
  kind: 'add',
  label: 'Add',
  category: 'helper',
  description: 'Sums two or more inputs of identical shape element by element (residual connections; Keras Add).',
  view: { color: '#cd853f' },
  fields: [],
  inputs: { min: 2, max: Infinity },
  merge: sameShape,
  inferShape({ inputShapes }) {
    return inferMerge('Add', sameShape, inputShapes, (shapes) => shapes[0]);
  },
  cost({ inputShapes }, output) {
    return costOf(0, 0, 0, (inputShapes.length - 1) * elementCount(output));
  },
  receptiveField(_ctx, fields) {
    return mergeFields(fields);
  },
  keras: () => [{ suffix: '', cls: 'Add', config: {} }],
});
