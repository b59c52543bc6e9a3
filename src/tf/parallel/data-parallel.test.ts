import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMnistPart } from '../../data/mnist-node';
import type { ImageDataset } from '../../data/types';
import type { KerasModelJson } from '../../core/keras/topology-writer';
import { kerasJsonToModel } from '../compile';
import { crossEntropy, toProbabilities } from '../evaluate';
import { soraReferenceNet } from '../reference-net';
import { registerSoraGradients } from '../tf-setup';
import { trainModel } from '../train-loop';
import { initWasmBackend } from '../wasm/init-wasm';
import { DataParallelRunner } from './data-parallel';
import { relativeDiffOfLists } from '../../test-support/close-values';
import { mnistGradients } from '../../test-support/mnist-gradients';

let data: ImageDataset;
const runners: DataParallelRunner[] = [];

beforeAll(async () => {
  await initWasmBackend();
  registerSoraGradients();
  data = loadMnistPart('train', 96);
});
afterAll(async () => {
  await Promise.all(runners.map((r) => r.dispose()));
});

async function startRunner(model: tf.LayersModel, replicas: number, batchSize: number): Promise<DataParallelRunner> {
  const r = await DataParallelRunner.start(model, { replicas, batchSize, numClasses: 10 });
  runners.push(r);
  return r;
}

/** A second model with the same topology and weights. */
async function cloneModel(model: tf.LayersModel): Promise<tf.LayersModel> {
  const copy = kerasJsonToModel(model.toJSON(null, false) as unknown as KerasModelJson, { zeroInit: true });
  copy.setWeights(model.getWeights());
  return copy;
}

function batch(start: number, n: number): { x: Float32Array; y: Int32Array } {
  return { x: data.images.slice(start * 784, (start + n) * 784), y: Int32Array.from(data.labels.subarray(start, start + n)) };
}

/** Gradients of the mean cross-entropy over images [from, to) of the batch, in trainable-weights order (training mode). */
function gradientsOn(model: tf.LayersModel, b: { x: Float32Array; y: Int32Array }, from: number, to: number): Float32Array[] {
  return mnistGradients(model, b.x.subarray(from * 784, to * 784), b.y.subarray(from, to), to - from);
}

/** Relative difference allowed between a sum over shards and the same sum over the whole batch (float32). */
const FLOAT_SUM_TOLERANCE = 5e-5;

function weightsOf(model: tf.LayersModel): Float32Array[] {
  return model.getWeights().map((w) => w.dataSync() as Float32Array);
}

describe('data-parallel training (2 replicas: this thread + 1 worker thread)', () => {
  it('without batch-norm one step equals the single-worker step on the whole batch (gradients and updated weights)', async () => {
    const model = soraReferenceNet([4, 8, 8]);
    const single = await cloneModel(model);
    const runner = await startRunner(model, 2, 32);
    const b = batch(0, 7); // shards of 4 and 3 images: the weighting by shard size matters
    const expected = gradientsOn(single, b, 0, 7);
    const sizes = await runner.computeShards(b.x, b.y, 7);
    expect(sizes).toEqual([4, 3]);
    const got = runner.averagedGradients(sizes);
    // Float32 sums over the shards vs over the whole batch (fused multiply-adds in the relaxed-SIMD kernels round
    // once per term): ~2e-5 apart. A wrong shard weighting is off by ~1e-1.
    expect(relativeDiffOfLists(got, expected)).toBeLessThan(FLOAT_SUM_TOLERANCE);
    // Same step with Adam both ways: the weights after it agree.
    const optSingle = tf.train.adam(0.01);
    const optParallel = tf.train.adam(0.01);
    const vars = single.trainableWeights.map((w) => w.read() as tf.Variable);
    tf.tidy(() => {
      optSingle.minimize(
        () => {
          const x = tf.tensor4d(b.x, [7, 28, 28, 1]);
          const y = tf.oneHot(tf.tensor1d(b.y, 'int32'), 10) as tf.Tensor2D;
          return crossEntropy(toProbabilities(single.apply(x, { training: true }) as tf.Tensor, true), y);
        },
        false,
        vars,
      );
    });
    const before = weightsOf(model).map((w) => Float32Array.from(w));
    const { loss, hits } = await runner.step(b.x, b.y, 7, optParallel);
    expect(relativeDiffOfLists(weightsOf(model), weightsOf(single))).toBeLessThan(FLOAT_SUM_TOLERANCE);
    expect(relativeDiffOfLists(weightsOf(model), before)).toBeGreaterThan(1e-4); // the step did move the weights
    expect(Number.isFinite(loss)).toBe(true);
    expect(hits).toBeGreaterThanOrEqual(0);
    // The worker trains from the coordinator's updated weights: a second step still matches.
    const b2 = batch(7, 9);
    const expected2 = gradientsOn(single, b2, 0, 9);
    const got2 = runner.averagedGradients(await runner.computeShards(b2.x, b2.y, 9));
    expect(relativeDiffOfLists(got2, expected2)).toBeLessThan(FLOAT_SUM_TOLERANCE);
    // A step leaves no tensors behind (Adam's slots exist since the first step).
    const tensors = tf.memory().numTensors;
    await runner.step(b2.x, b2.y, 9, optParallel);
    expect(tf.memory().numTensors).toBe(tensors);
    optSingle.dispose();
    optParallel.dispose();
  });

  it('with batch-norm each shard normalises with its own statistics (as PyTorch DDP): the step averages per-shard gradients and moving statistics', async () => {
    const make = () => {
      const m = tf.sequential();
      m.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 4, kernelSize: 3, strides: 2, useBias: false }));
      m.add(tf.layers.batchNormalization({}));
      m.add(tf.layers.reLU());
      m.add(tf.layers.globalAveragePooling2d({}));
      m.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
      return m;
    };
    const model = make();
    const shardA = await cloneModel(model);
    const shardB = await cloneModel(model);
    const whole = await cloneModel(model);
    const runner = await startRunner(model, 2, 32);
    const b = batch(20, 10); // shards of 5 and 5
    const gA = gradientsOn(shardA, b, 0, 5);
    const gB = gradientsOn(shardB, b, 5, 10);
    const expected = gA.map((g, i) => g.map((v, j) => 0.5 * v + 0.5 * gB[i][j]));
    const opt = tf.train.sgd(0.1);
    await runner.step(b.x, b.y, 10, opt);
    const got = runner.averagedGradients([5, 5]); // the slots still hold this step's shard gradients
    expect(relativeDiffOfLists(got, expected)).toBeLessThan(1e-5);
    // …which differs from the whole-batch gradient (statistics over all 10 images).
    expect(relativeDiffOfLists(got, gradientsOn(whole, b, 0, 10))).toBeGreaterThan(1e-4);
    // Moving statistics after the step: the mean of the two shard replicas' updated ones.
    const stats = (m: tf.LayersModel) => m.nonTrainableWeights.map((w) => w.read().dataSync() as Float32Array);
    const expectedStats = stats(shardA).map((s, i) => s.map((v, j) => 0.5 * v + 0.5 * stats(shardB)[i][j]));
    expect(relativeDiffOfLists(stats(model), expectedStats)).toBeLessThan(1e-5);
    opt.dispose();
  });

  it('seeded runs with 2 replicas are reproducible: identical losses', async () => {
    const template = soraReferenceNet([4, 8, 8]);
    const losses: number[][] = [];
    for (let run = 0; run < 2; run++) {
      const model = await cloneModel(template);
      const runner = await startRunner(model, 2, 16);
      const seen: number[] = [];
      const config = {
        optimizer: 'adam',
        learningRate: 0.005,
        batchSize: 16,
        epochs: 1,
        validationSplit: 0.1,
        seed: 3,
        schedule: 'cosine',
        limit: 64,
      } as const;
      const res = await trainModel(model, data, config, { onBatch: (i) => seen.push(i.loss) }, runner);
      expect(res.status).toBe('completed');
      losses.push(seen);
      await runner.dispose();
    }
    expect(losses[0].length).toBe(Math.ceil((64 - 6) / 16));
    expect(losses[1]).toEqual(losses[0]);
    expect(new Set(losses[0]).size).toBeGreaterThan(1);
  }, 300_000);

  it('a worker that cannot build its replica fails start() with a message naming the worker', async () => {
    // A layer class registered in this thread only: the worker thread cannot deserialise the topology.
    class MainThreadOnly extends tf.layers.Layer {
      static className = 'MainThreadOnlyForTest';
      override call(x: tf.Tensor | tf.Tensor[]): tf.Tensor {
        return Array.isArray(x) ? x[0] : x;
      }
    }
    tf.serialization.registerClass(MainThreadOnly);
    const input = tf.input({ shape: [28, 28, 1] });
    const flat = tf.layers.flatten().apply(new MainThreadOnly({}).apply(input)) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: tf.layers.dense({ units: 10, activation: 'softmax' }).apply(flat) as tf.SymbolicTensor });
    await expect(DataParallelRunner.start(model, { replicas: 2, batchSize: 8, numClasses: 10 })).rejects.toThrow(
      /^data-parallel worker 1: .*MainThreadOnlyForTest/,
    );
  });
});
