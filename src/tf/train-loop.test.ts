import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMnistPart } from '../data/mnist-node';
import type { ImageDataset } from '../data/types';
import { evaluateModel } from './evaluate';
import { registerSoraGradients } from './tf-setup';
import { type BatchInfo, type TrainConfig, trainModel } from './train-loop';
import { initWasmBackend } from './wasm/init-wasm';

/** A small Sora-style net: separable → dilated conv → max-pool → separable → global-avg → softmax. */
function soraNet(): tf.LayersModel {
  const m = tf.sequential();
  m.add(tf.layers.separableConv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 3, padding: 'same', activation: 'relu' }));
  m.add(tf.layers.conv2d({ filters: 16, kernelSize: 3, padding: 'same', dilationRate: 2, activation: 'relu' }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tf.layers.separableConv2d({ filters: 16, kernelSize: 3, padding: 'same', activation: 'relu' }));
  m.add(tf.layers.globalAveragePooling2d({}));
  m.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
  return m;
}

const base: TrainConfig = { optimizer: 'adam', learningRate: 0.01, batchSize: 32, epochs: 3, validationSplit: 0.2, seed: 7 };

describe('trainModel on the wasm backend', () => {
  let data: ImageDataset;
  beforeAll(async () => {
    registerSoraGradients();
    await initWasmBackend();
    data = loadMnistPart('train', 320);
  });

  it('trains a separable + dilated conv net: loss falls, callbacks fire, no tensors leak', async () => {
    const model = soraNet();
    const baseline = tf.memory().numTensors;
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const baseIds = backend.numDataIds();
    const batches: BatchInfo[] = [];
    const res = await trainModel(model, data, base, { onBatch: (b) => batches.push(b) });
    expect(res.status).toBe('completed');
    expect(res.epochsCompleted).toBe(3);
    expect(batches.length).toBe(3 * 8);
    expect(batches[0].batchesPerEpoch).toBe(8);
    expect(res.history[2].loss).toBeLessThan(res.history[0].loss);
    expect(res.history[0].valAccuracy).toBeGreaterThanOrEqual(0);
    expect(res.history[0].valLoss).toBeGreaterThan(0);
    expect(res.imagesPerSecond).toBeGreaterThan(1);
    expect(tf.memory().numTensors).toBe(baseline);
    // Also nothing left on the wasm heap by the training kernels' intermediates.
    expect(backend.numDataIds()).toBe(baseIds);
    model.dispose();
  });

  it('stops on NaN loss with a learning-rate hint and leaks nothing', async () => {
    const model = soraNet();
    const baseline = tf.memory().numTensors;
    // A NaN weight in the classifier stands in for weights blown up by a too-high learning rate.
    const dense = model.layers[model.layers.length - 1];
    const poisoned = tf.tidy(() => dense.getWeights().map((w, i) => (i === 0 ? tf.fill(w.shape, Number.NaN) : w.clone())));
    dense.setWeights(poisoned);
    poisoned.forEach((t) => t.dispose());
    const losses: number[] = [];
    const res = await trainModel(model, data, { ...base, optimizer: 'sgd', learningRate: 0.5, validationSplit: 0 }, {
      onBatch: (b) => losses.push(b.loss),
    });
    expect(res.status).toBe('diverged');
    expect(res.epochsCompleted).toBe(0);
    expect(Number.isNaN(losses[losses.length - 1])).toBe(true);
    expect(res.message).toMatch(/NaN\/Infinity at epoch 1, batch \d+ with learning rate 0.5\. Try a lower learning rate \(e\.g\. 0\.05\)/);
    expect(tf.memory().numTensors).toBe(baseline);
    model.dispose();
  });

  it('honours shouldStop and waitWhilePaused', async () => {
    const model = soraNet();
    let waits = 0;
    let batches = 0;
    const res = await trainModel(model, data, { ...base, validationSplit: 0 }, {
      onBatch: () => batches++,
      shouldStop: () => batches >= 3,
      waitWhilePaused: async () => {
        waits++;
      },
    });
    expect(res.status).toBe('stopped');
    expect(batches).toBe(3);
    expect(waits).toBe(4);
    expect(res.epochsCompleted).toBe(0);
    model.dispose();
  });

  it('is reproducible for a seed and evaluates with a confusion matrix', async () => {
    const model = soraNet();
    const init = model.getWeights().map((w) => w.clone());
    const cfg = { ...base, epochs: 1, augment: { shiftPixels: 2, flip: false } };
    const a = await trainModel(model, data, cfg);
    model.setWeights(init);
    const b = await trainModel(model, data, cfg);
    expect(b.history[0].loss).toBeCloseTo(a.history[0].loss, 4);
    init.forEach((t) => t.dispose());
    const ev = await evaluateModel(model, loadMnistPart('t10k', 50), 16);
    expect(ev.predictions.length).toBe(50);
    expect(ev.confusion.length).toBe(10);
    expect(ev.confusion.flat().reduce((s, v) => s + v, 0)).toBe(50);
    const diag = ev.confusion.reduce((s, row, i) => s + row[i], 0);
    expect(ev.accuracy).toBeCloseTo(diag / 50, 6);
    model.dispose();
  });

  it('rejects bad configs and mismatched data with clear messages', async () => {
    const model = soraNet();
    await expect(trainModel(model, data, { ...base, batchSize: 0, validationSplit: 0.9 })).rejects.toThrow(
      /batch size must be a positive integer, got 0; validation split must be in \[0, 0.5\], got 0.9/,
    );
    const wrong: ImageDataset = { ...data, imageShape: [14, 56, 1] };
    await expect(trainModel(model, wrong, base)).rejects.toThrow(/images are 14×56×1 but the model expects input \[28, 28, 1\]/);
    model.dispose();
  });
});
