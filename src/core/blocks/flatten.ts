import { defineBlock, ZERO_COST } from './block-def';
import { elementCount, fail, formatShape, ok, passField, wholeMapField } from './shape-utils';

/** Keras Flatten: any shape → [product of dims]. Receptive field: a window over the whole map. */
export const flattenDef = defineBlock({
  kind: 'flatten',
  label: 'Flatten',
  category: 'helper',
  description: 'Unrolls a feature map into one vector [H × W × C] (Keras Flatten).',
  view: { color: '#9370db' },
  fields: [],
  inputs: { min: 1, max: 1 },
  inferShape({ inputShapes }) {
    const s = inputShapes[0];
    if (!s || s.length < 1) return fail('missing-input', 'Flatten needs an input');
    if (s.some((d) => !Number.isInteger(d) || d < 1)) {
      return fail('non-positive-size', `Flatten gets an input with a non-positive size ${formatShape(s)}`);
    }
    return ok([elementCount(s)]);
  },
  cost() {
    return { ...ZERO_COST };
  },
  receptiveField({ inputShapes }, fields) {
    const s = inputShapes[0];
    if (s && s.length === 3) return wholeMapField(passField(fields), [s[0], s[1]]);
    return passField(fields);
  },
  keras: () => [{ suffix: '', cls: 'Flatten', config: {} }],
});
