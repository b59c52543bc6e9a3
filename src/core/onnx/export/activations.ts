/**
 * Keras/tfjs activations as ONNX opset-13 nodes, with tfjs' exact formulas (hard_sigmoid = clip(0.2x + 0.5, 0, 1),
 * swish = x·sigmoid(x), gelu with erf, gelu_new with the tanh approximation, selu with Keras' constants).
 */
import type { ActivationName } from '../../keras/activations';
import { attr, type OnnxGraphBuilder } from './graph-builder';

/** Keras' SELU constants (tf.keras.activations.selu). */
const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

/**
 * Applies `name` to value `x`; `channelAxis` is the axis softmax/log_softmax normalise over (the Keras last axis:
 * 1 for NCHW tensors, -1 for [N, F]). Returns the output value, named `out` (or `x` itself for linear).
 */
export function applyActivation(b: OnnxGraphBuilder, name: ActivationName, x: string, out: string, channelAxis: number): string {
  switch (name) {
    case 'linear':
      return x;
    case 'relu':
      return b.node('Relu', [x], out);
    case 'relu6':
      return b.node('Clip', [x, b.floatScalar(0), b.floatScalar(6)], out);
    case 'elu':
      return b.node('Elu', [x], out, [attr.float('alpha', 1)]);
    case 'selu':
      return b.node('Selu', [x], out, [attr.float('alpha', SELU_ALPHA), attr.float('gamma', SELU_SCALE)]);
    case 'sigmoid':
      return b.node('Sigmoid', [x], out);
    case 'hard_sigmoid':
      return b.node('HardSigmoid', [x], out, [attr.float('alpha', 0.2), attr.float('beta', 0.5)]);
    case 'softmax':
      return b.node('Softmax', [x], out, [attr.int('axis', channelAxis)]);
    case 'log_softmax':
      return b.node('LogSoftmax', [x], out, [attr.int('axis', channelAxis)]);
    case 'softplus':
      return b.node('Softplus', [x], out);
    case 'softsign':
      return b.node('Softsign', [x], out);
    case 'tanh':
      return b.node('Tanh', [x], out);
    case 'swish':
      return b.node('Mul', [x, b.node('Sigmoid', [x], `${out}/sigmoid`)], out);
    case 'mish': {
      const sp = b.node('Softplus', [x], `${out}/softplus`);
      return b.node('Mul', [x, b.node('Tanh', [sp], `${out}/tanh`)], out);
    }
    case 'gelu': {
      // 0.5 · x · (1 + erf(x / √2))
      const erf = b.node('Erf', [b.node('Div', [x, b.floatScalar(Math.SQRT2)], `${out}/scaled`)], `${out}/erf`);
      const onePlus = b.node('Add', [erf, b.floatScalar(1)], `${out}/one_plus`);
      return b.node('Mul', [b.node('Mul', [x, b.floatScalar(0.5)], `${out}/half`), onePlus], out);
    }
    case 'gelu_new': {
      // 0.5 · x · (1 + tanh(√(2/π) · (x + 0.044715 · x³)))
      const cube = b.node('Mul', [b.node('Mul', [x, x], `${out}/square`), x], `${out}/cube`);
      const inner = b.node('Add', [x, b.node('Mul', [cube, b.floatScalar(0.044715)], `${out}/cube_scaled`)], `${out}/inner`);
      const t = b.node('Tanh', [b.node('Mul', [inner, b.floatScalar(Math.sqrt(2 / Math.PI))], `${out}/tanh_in`)], `${out}/tanh`);
      const onePlus = b.node('Add', [t, b.floatScalar(1)], `${out}/one_plus`);
      return b.node('Mul', [b.node('Mul', [x, b.floatScalar(0.5)], `${out}/half`), onePlus], out);
    }
  }
}
