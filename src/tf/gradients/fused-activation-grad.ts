import * as tf from '@tensorflow/tfjs';

/**
 * dL/d(pre-activation) of a fused conv from dL/dy and the fused output y, for the activations a
 * fused kernel can carry. Every derivative is written in terms of y (the saved output).
 */
export function fusedActivationGrad(dy: tf.Tensor, y: tf.Tensor, activation: string | undefined): tf.Tensor {
  switch (activation ?? 'linear') {
    case 'linear':
      return dy;
    case 'relu':
      return tf.mul(dy, tf.step(y));
    case 'relu6':
      return tf.mul(dy, tf.cast(tf.logicalAnd(tf.greater(y, 0), tf.less(y, 6)), 'float32'));
    case 'elu':
      // elu'(z) = 1 for z > 0, e^z = y + 1 otherwise
      return tf.mul(dy, tf.where(tf.greater(y, 0), tf.onesLike(y), tf.add(y, 1)));
    case 'sigmoid':
      return tf.mul(dy, tf.mul(y, tf.sub(1, y)));
    default:
      throw new Error(
        `Gradient of a fused convolution with activation '${activation}' is not supported (supported: linear, relu, relu6, elu, sigmoid)`,
      );
  }
}

/** Sums dy over every axis the bias was broadcast along and reshapes to the bias shape. */
export function fusedBiasGrad(bias: tf.Tensor, dyAct: tf.Tensor): tf.Tensor {
  const axes = tf.backend_util.getReductionAxes(bias.shape, dyAct.shape);
  const summed = axes.length > 0 ? tf.sum(dyAct, axes) : dyAct;
  return tf.reshape(summed, bias.shape);
}
