import { defineBlock, ZERO_COST, type MergeRule } from './block-def';
import { inferMerge } from './merge';
import { mergeFields } from './shape-utils';

const sameButLast: MergeRule = {
  needs: 'inputs that match on every axis but the last',
  agree: (first, other) => other.length === first.length && other.every((d, k) => k === first.length - 1 || d === first[k]),
};

/** Keras Concatenate on the last (channel) axis: all other axes must match. */
export const concatenateDef = defineBlock({
  kind: 'concatenate',
  label: 'Concatenate',
  category: 'helper',
  description: 'Stacks two or more inputs along the channel axis; all other dimensions must match (Keras Concatenate).',
  view: { color: '#20b2aa' },
  fields: [],
  inputs: { min: 2, max: Infinity },
  merge: sameButLast,
  inferShape({ inputShapes }) {
    return inferMerge('Concatenate', sameButLast, inputShapes, (shapes) => {
      const first = shapes[0];
      const last = shapes.reduce((sum, s) => sum + s[s.length - 1], 0);
      return [...first.slice(0, -1), last];
    });
  },
  cost() {
    return { ...ZERO_COST };
  },
  receptiveField(_ctx, fields) {
    return mergeFields(fields);
  },
  keras: () => [{ suffix: '', cls: 'Concatenate', config: { axis: -1 } }],
});
