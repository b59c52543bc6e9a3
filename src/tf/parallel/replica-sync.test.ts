import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMnistPart } from '../../data/mnist-node';
import type { ImageDataset } from '../../data/types';
import { registerSoraGradients } from '../tf-setup';
import { initWasmBackend } from '../wasm/init-wasm';
import { DataParallelRunner } from './data-parallel';

/**
 * What the coordinator changes on its model between steps reaches the worker replicas at the next step: the
 * batch-norm momentum (the BN warm-up sets it every step) and the weights (BN re-estimation, early stopping's restore).
 */
let data: ImageDataset;
const runners: DataParallelRunner[] = [];

beforeAll(async () => {
  await initWasmBackend();
  registerSoraGradients();
  data = loadMnistPart('train', 32);
});
afterAll(async () => {
  await Promise.all(runners.map((r) => r.dispose()));
});

function bnModel(): tf.LayersModel {
  const m = tf.sequential();
  m.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 4, kernelSize: 3, strides: 2, useBias: false, kernelInitializer: 'glorotUniform' }));
  m.add(tf.layers.batchNormalization({}));
  m.add(tf.layers.reLU());
  m.add(tf.layers.globalAveragePooling2d({}));
  m.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
  return m;
}

const momentumOf = (m: tf.LayersModel) => m.layers[1] as unknown as { momentum: number };
const stats = (m: tf.LayersModel) => m.nonTrainableWeights.map((w) => Array.from(w.read().dataSync()));
const x = () => data.images.slice(0, 8 * 784);
const y = () => Int32Array.from(data.labels.subarray(0, 8));

describe('data-parallel replicas follow the coordinator between steps', () => {
  it("a replica normalises with the coordinator's current batch-norm momentum", async () => {
    const model = bnModel();
    const runner = await DataParallelRunner.start(model, { replicas: 2, batchSize: 8, numClasses: 10 });
    runners.push(runner);
    const before = stats(model);
    const opt = tf.train.sgd(0.1);
    // Momentum 1: the moving statistics must not move, in the coordinator's shard or in the worker's.
    momentumOf(model).momentum = 1;
    await runner.step(x(), y(), 8, opt);
    expect(stats(model)).toEqual(before);
    // Momentum 0.5 (a warm-up value): they move.
    momentumOf(model).momentum = 0.5;
    await runner.step(x(), y(), 8, opt);
    expect(Math.max(...stats(model)[0].map((v, i) => Math.abs(v - before[0][i])))).toBeGreaterThan(1e-3);
    opt.dispose();
  });

  it("a replica starts every step from the coordinator's weights, also when they changed outside a step", async () => {
    const model = bnModel();
    const runner = await DataParallelRunner.start(model, { replicas: 2, batchSize: 8, numClasses: 10 });
    runners.push(runner);
    const sizes = await runner.computeShards(x(), y(), 8);
    const first = runner.averagedGradients(sizes);
    // Change the weights as the BN re-estimation or a snapshot restore would: the worker's shard must see it.
    tf.tidy(() => model.weights.forEach((w) => (w.read() as tf.Variable).assign(tf.mul(w.read(), 0.5))));
    const second = runner.averagedGradients(await runner.computeShards(x(), y(), 8));
    const workerGradient = (g: Float32Array[]) => Array.from(g[0]);
    expect(workerGradient(second)).not.toEqual(workerGradient(first));
    // The worker's shard alone (slot 1) agrees with the coordinator computing that shard on its own weights.
    const own = runner.averagedGradients([0, 4]);
    const reference = tf.tidy(() => {
      const xs = tf.tensor4d(x().subarray(4 * 784), [4, 28, 28, 1]);
      const ys = tf.oneHot(tf.tensor1d(y().subarray(4), 'int32'), 10);
      const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
      const { grads } = tf.variableGrads(
        () => tf.losses.softmaxCrossEntropy(ys, tf.log(model.apply(xs, { training: true }) as tf.Tensor)) as tf.Scalar,
        vars,
      );
      return Array.from(grads[vars[0].name].dataSync());
    });
    const diff = Math.max(...own[0].map((v, i) => Math.abs(v - reference[i])));
    expect(diff).toBeLessThan(1e-4);
  });
});
