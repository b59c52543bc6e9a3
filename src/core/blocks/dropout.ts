import type { BlockParams } from '../graph/types';
import { ZERO_COST, type BlockDef } from './block-def';
import { rateField } from './fields';
import { fail, ok, passField } from './shape-utils';

export interface DropoutParams extends BlockParams {
  rate: number;
}

/** Keras Dropout: active only while training; no cost at inference. */
export const dropoutDef: BlockDef<DropoutParams> = {
  kind: 'dropout',
  label: 'Dropout',
  category: 'helper',
  description: 'Randomly zeroes a fraction of values during training to reduce overfitting (Keras Dropout).',
  fields: [rateField(0.5)],
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
};
