import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMnistPart } from '../../data/mnist-node';
import type { ImageDataset } from '../../data/types';
import type { KerasModelJson } from '../../core/keras/topology-writer';
import { kerasJsonToModel } from '../compile';
import { soraReferenceNet } from '../reference-net';
import { registerSoraGradients } from '../tf-setup';
import { initWasmBackend } from '../wasm/init-wasm';
import { DataParallelRunner } from './data-parallel';
import { relativeDiffOfLists } from '../../test-support/close-values';
import { mnistGradients } from '../../test-support/mnist-gradients';

/**
 * A coordinator that computes no shard (ownShard: false — the browser's thread plan on machines with more than
 * 2 cores, src/core/parallel/worker-count.ts planThreads): its worker threads split every batch, the step is
 * still the single-worker step.
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

describe('data-parallel coordinator without a shard of its own (2 worker threads)', () => {
  it('the workers split the batch, slot 0 stays empty, and one step equals the single-worker step', async () => {
    const model = soraReferenceNet([4, 8, 8]);
    const single = kerasJsonToModel(model.toJSON(null, false) as unknown as KerasModelJson, { zeroInit: true });
    single.setWeights(model.getWeights());
    const runner = await DataParallelRunner.start(model, { replicas: 3, ownShard: false, batchSize: 16, numClasses: 10 });
    runners.push(runner);
    const n = 7;
    const x = data.images.slice(0, n * 784);
    const labels = Int32Array.from(data.labels.subarray(0, n));
    const sizes = await runner.computeShards(x, labels, n);
    expect(sizes).toEqual([0, 4, 3]);
    expect(relativeDiffOfLists(runner.averagedGradients(sizes), mnistGradients(single, x, labels, n))).toBeLessThan(1e-5);
    // The same SGD step both ways.
    const opt = tf.train.sgd(0.1);
    const { loss, hits } = await runner.step(x, labels, n, opt);
    const vars = single.trainableWeights.map((w) => w.read() as tf.Variable);
    const expected = mnistGradients(single, x, labels, n);
    tf.tidy(() => vars.forEach((v, i) => v.assign(v.sub(tf.tensor(expected[i], v.shape).mul(0.1)))));
    const weights = (m: tf.LayersModel) => m.getWeights().map((w) => w.dataSync() as Float32Array);
    expect(relativeDiffOfLists(weights(model), weights(single))).toBeLessThan(1e-5);
    expect(Number.isFinite(loss) && loss > 0).toBe(true);
    expect(hits).toBeGreaterThanOrEqual(0);
    expect(hits).toBeLessThanOrEqual(n);
    opt.dispose();
  }, 120_000);

  it('refuses a coordinator without a shard and without workers', async () => {
    await expect(
      DataParallelRunner.start(soraReferenceNet([4, 8, 8]), { replicas: 1, ownShard: false, batchSize: 8, numClasses: 10 }),
    ).rejects.toThrow(/at least 2 when the coordinator computes no shard/);
  });
});
