import { defineBlock } from './block-def';
import { batchNormConfig } from './keras-layers';
import { costOf, elementCount, fail, formatShape, ok, passField } from './shape-utils';

/** Keras BatchNormalization on the last axis: 4 × C params (gamma, beta trainable; moving mean/var not). */
export const batchNormDef = defineBlock({
  kind: 'batch-norm',
  label: 'Batch Norm',
  category: 'helper',
  description: 'Normalises each channel with batch statistics, then scales and shifts (Keras BatchNormalization, last axis).',
  view: { color: '#8a96a8' },
  fields: [
    { type: 'float', key: 'epsilon', label: 'Epsilon', default: 0.001, min: 1e-12, max: 1, step: 0.0001 },
    { type: 'float', key: 'momentum', label: 'Momentum', default: 0.99, min: 0, max: 1, step: 0.01 },
  ],
  inputs: { min: 1, max: 1 },
  inferShape({ inputShapes }) {
    const s = inputShapes[0];
    if (!s || s.length < 1) return fail('missing-input', 'Batch Norm needs an input');
    if (s.some((d) => !Number.isInteger(d) || d < 1)) {
      return fail('non-positive-size', `Batch Norm gets an input with a non-positive size ${formatShape(s)}`);
    }
    return ok(s);
  },
  cost(_ctx, output) {
    const c = output[output.length - 1];
    return costOf(4 * c, 2 * c, 0, 2 * elementCount(output));
  },
  receptiveField(_ctx, fields) {
    return passField(fields);
  },
  keras: (p) => [{ suffix: '', cls: 'BatchNormalization', config: batchNormConfig(p.momentum, p.epsilon) }],
});
