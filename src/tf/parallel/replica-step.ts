/**
 * What one replica does in a data-parallel step (the coordinator for shard 0, each worker thread for its own):
 * the gradients of the shard's mean cross-entropy with respect to the trainable weights, the batch-norm moving
 * statistics after the shard's training-mode forward pass, the loss and the correct count — written into the
 * replica's slot. Also: loading / storing all weights from / to the shared weights buffer.
 */
import * as tf from '@tensorflow/tfjs';
import { crossEntropy, outputsProbabilities, toProbabilities } from '../evaluate';
import { elementCount, offsetsOf, type SharedLayout } from './layout';

function variablesOf(weights: readonly tf.LayerVariable[]): tf.Variable[] {
  return weights.map((w) => w.read() as tf.Variable);
}

/** Copies every model weight (model.weights order) into `out`. */
export function storeWeights(model: tf.LayersModel, out: Float32Array): void {
  let o = 0;
  for (const v of variablesOf(model.weights)) {
    const d = v.dataSync() as Float32Array;
    out.set(d, o);
    o += d.length;
  }
}

/** Assigns every model weight (model.weights order) from `src` (packed as storeWeights writes it). */
export function loadWeights(model: tf.LayersModel, src: Float32Array): void {
  let o = 0;
  for (const v of variablesOf(model.weights)) {
    const size = v.size;
    // slice(): a private copy, so the tensor never aliases shared memory that the coordinator rewrites.
    tf.tidy(() => v.assign(tf.tensor(src.slice(o, o + size), v.shape, 'float32')));
    o += size;
  }
}

interface MomentumLayer {
  momentum: number;
}

/** The model's BatchNormalization layers (model.layers order), whose momentum the BN warm-up changes. */
function batchNormLayers(model: tf.LayersModel): MomentumLayer[] {
  return model.layers.filter((l) => l.getClassName() === 'BatchNormalization') as unknown as MomentumLayer[];
}

/** Copies the batch-norm layers' momenta into `out`. */
export function storeMomenta(model: tf.LayersModel, out: Float32Array): void {
  batchNormLayers(model).forEach((l, i) => (out[i] = l.momentum));
}

/** Sets the batch-norm layers' momenta from `src` (as storeMomenta writes them). */
export function loadMomenta(model: tf.LayersModel, src: Float32Array): void {
  batchNormLayers(model).forEach((l, i) => (l.momentum = src[i]));
}

/** The layout fields that describe a model's weights. */
export function weightShapesOf(model: tf.LayersModel): Pick<SharedLayout, 'trainableShapes' | 'stateShapes' | 'weightShapes' | 'batchNormLayers'> {
  const shapes = (ws: readonly tf.LayerVariable[]) => ws.map((w) => [...w.shape] as number[]);
  return {
    trainableShapes: shapes(model.trainableWeights),
    stateShapes: shapes(model.nonTrainableWeights),
    weightShapes: shapes(model.weights),
    batchNormLayers: batchNormLayers(model).length,
  };
}

/**
 * Runs one shard (n ≥ 1 images of `x` / `labels`) and writes [mean gradients | statistics | loss, hits] into
 * `slot`. An empty shard (n = 0) writes zeros.
 */
export function runShard(model: tf.LayersModel, x: Float32Array, labels: Int32Array, n: number, numClasses: number, slot: Float32Array): void {
  if (n === 0) {
    slot.fill(0);
    return;
  }
  const [, h, w, c] = model.inputs[0].shape as number[];
  const isProb = outputsProbabilities(model);
  const trainable = variablesOf(model.trainableWeights);
  const gradLength = elementCount(trainable.map((v) => v.shape));
  tf.tidy(() => {
    const xs = tf.tensor4d(x.subarray(0, n * h * w * c), [n, h, w, c]);
    const ys = tf.oneHot(tf.tensor1d(labels.subarray(0, n), 'int32'), numClasses) as tf.Tensor2D;
    let hitsT: tf.Tensor | null = null;
    const { value, grads } = tf.variableGrads(() => {
      const p = toProbabilities(model.apply(xs, { training: true }) as tf.Tensor, isProb);
      hitsT = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(p, -1), tf.argMax(ys, -1)), 'float32')));
      return crossEntropy(p, ys);
    }, trainable);
    const offsets = offsetsOf(trainable.map((v) => v.shape));
    trainable.forEach((v, i) => slot.set(grads[v.name].dataSync() as Float32Array, offsets[i]));
    let o = gradLength;
    for (const s of variablesOf(model.nonTrainableWeights)) {
      const d = s.dataSync() as Float32Array;
      slot.set(d, o);
      o += d.length;
    }
    const h_ = hitsT as unknown as tf.Tensor;
    slot[o] = value.dataSync()[0];
    slot[o + 1] = h_.dataSync()[0];
    h_.dispose();
  });
}
