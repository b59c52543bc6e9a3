import * as tf from '@tensorflow/tfjs';
import { crossEntropy, outputsProbabilities, toProbabilities } from '../tf/evaluate';

/**
 * Gradients of the mean cross-entropy of a 28×28×1, 10-class model over `n` images (flat pixels, labels), in
 * training mode, in trainable-weights order.
 */
export function mnistGradients(model: tf.LayersModel, pixels: Float32Array, labels: Int32Array, n: number): Float32Array[] {
  return tf.tidy(() => {
    const x = tf.tensor4d(pixels, [n, 28, 28, 1]);
    const y = tf.oneHot(tf.tensor1d(labels, 'int32'), 10) as tf.Tensor2D;
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const { grads } = tf.variableGrads(
      () => crossEntropy(toProbabilities(model.apply(x, { training: true }) as tf.Tensor, outputsProbabilities(model)), y),
      vars,
    );
    return vars.map((v) => grads[v.name].dataSync() as Float32Array);
  });
}
