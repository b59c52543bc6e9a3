/**
 * Batched evaluation of a classifier on an ImageDataset: mean cross-entropy loss, accuracy, predicted
 * class and its probability per image, and the confusion matrix (confusion[actual][predicted]).
 */
import * as tf from '@tensorflow/tfjs';
import type { ImageDataset } from '../data/types';

export interface EvaluationResult {
  loss: number;
  accuracy: number;
  predictions: Uint8Array;
  /** Probability of the predicted class per image. */
  confidences: Float32Array;
  confusion: number[][];
}

/** True when the model's last layer already applies softmax (else its outputs are treated as logits). */
export function outputsProbabilities(model: tf.LayersModel): boolean {
  const last = model.layers[model.layers.length - 1];
  const cfg = last.getConfig() as { activation?: unknown };
  return cfg.activation === 'softmax';
}

/** Per-example probabilities from model outputs (softmax applied when the outputs are logits). */
export function toProbabilities(out: tf.Tensor, isProb: boolean): tf.Tensor2D {
  return (isProb ? out : tf.softmax(out)) as tf.Tensor2D;
}

/**
 * Mean categorical cross-entropy, −mean Σ y·log(p + 1e-7). (Not Keras' clip: the wasm backend's clip maps NaN
 * into range, which would hide a diverged model; this form propagates NaN so divergence is detected.)
 */
export function crossEntropy(probs: tf.Tensor2D, oneHot: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.neg(tf.mean(tf.sum(tf.mul(oneHot, tf.log(tf.add(probs, 1e-7))), -1))) as tf.Scalar);
}

export function checkDataFitsModel(model: tf.LayersModel, data: ImageDataset): void {
  const inShape = model.inputs[0].shape.slice(1);
  const [h, w, c] = data.imageShape;
  if (inShape.length !== 3 || inShape[0] !== h || inShape[1] !== w || inShape[2] !== c) {
    throw new Error(`${data.name}: images are ${h}×${w}×${c} but the model expects input [${inShape.join(', ')}]`);
  }
  const outShape = model.outputs[0].shape;
  const units = outShape[outShape.length - 1];
  if (outShape.length !== 2 || units !== data.numClasses) {
    throw new Error(`${data.name}: ${data.numClasses} classes but the model outputs shape [${outShape.slice(1).join(', ')}]`);
  }
}

export async function evaluateModel(model: tf.LayersModel, data: ImageDataset, batchSize: number): Promise<EvaluationResult> {
  if (!(Number.isInteger(batchSize) && batchSize >= 1)) throw new Error(`evaluate: batch size must be a positive integer, got ${batchSize}`);
  if (data.count === 0) throw new Error(`${data.name}: no images to evaluate`);
  checkDataFitsModel(model, data);
  const isProb = outputsProbabilities(model);
  const [H, W, C] = data.imageShape;
  const size = H * W * C;
  const k = data.numClasses;
  const predictions = new Uint8Array(data.count);
  const confidences = new Float32Array(data.count);
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < data.count; start += batchSize) {
    const n = Math.min(batchSize, data.count - start);
    const [lossVal, probs] = tf.tidy(() => {
      const x = tf.tensor4d(data.images.subarray(start * size, (start + n) * size), [n, H, W, C]);
      const y = tf.oneHot(tf.tensor1d(data.labels.subarray(start, start + n), 'int32'), k) as tf.Tensor2D;
      const p = toProbabilities(model.predict(x) as tf.Tensor, isProb);
      return [crossEntropy(p, y).dataSync()[0], p.dataSync() as Float32Array];
    });
    lossSum += lossVal * n;
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let j = 1; j < k; j++) if (probs[i * k + j] > probs[i * k + best]) best = j;
      const actual = data.labels[start + i];
      predictions[start + i] = best;
      confidences[start + i] = probs[i * k + best];
      confusion[actual][best] += 1;
      if (best === actual) correct += 1;
    }
  }
  return { loss: lossSum / data.count, accuracy: correct / data.count, predictions, confidences, confusion };
}
