import { defineBlock } from './block-def';
import { activationField } from './fields';
import { activationFlopsPerElement, costOf, elementCount, fail, ok, passField } from './shape-utils';

/** Keras Activation layer: element-wise, shape unchanged. */
export const activationDef = defineBlock({
  kind: 'activation',
  label: 'Activation',
  category: 'helper',
  description: 'Applies an element-wise activation function (Keras Activation).',
  view: { color: '#a0522d' },
  fields: [activationField('relu')],
  inputs: { min: 1, max: 1 },
  inferShape({ inputShapes }) {
    // Keras applies softmax on the last axis, so any rank is accepted.
    const s = inputShapes[0];
    if (!s || s.length < 1) return fail('missing-input', 'Activation needs an input');
    return ok(s);
  },
  cost({ params: p }, output) {
    return costOf(0, 0, 0, activationFlopsPerElement(p.activation) * elementCount(output));
  },
  receptiveField(_ctx, fields) {
    return passField(fields);
  },
  keras: (p) => [{ suffix: '', cls: 'Activation', config: { activation: p.activation } }],
});
