import { defineBlock, ZERO_COST } from './block-def';
import { rateField } from './fields';
import { dropoutConfig } from './keras-layers';
import { fail, ok, passField } from './shape-utils';

/** Keras Dropout: active only while training; no cost at inference. */
export const dropoutDef = defineBlock({
  kind: 'dropout',
  label: 'Dropout',
  category: 'helper',
  description: 'Randomly zeroes a fraction of values during training to reduce overfitting (Keras Dropout).',
  view: { color: '#2e8b57' },
  fields: [rateField('rate', 'Rate', 0.5)],
  inputs: { min: 1, max: 1 },
  inferShape({ inputShapes }) {
    const s = inputShapes[0];
    if (!s || s.length < 1) return fail('missing-input', 'Dropout needs an input');
    return ok(s);
  },
  cost() {
    return { ...ZERO_COST };
  },
  receptiveField(_ctx, fields) {
    return passField(fields);
  },
  keras: (p) => [{ suffix: '', cls: 'Dropout', config: dropoutConfig(p.rate) }],
});
