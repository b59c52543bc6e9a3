import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { loadMnistPart } from '../data/mnist-node';
import type { ImageDataset } from '../data/types';
import { evaluateModel } from './evaluate';
import { soraReferenceNet } from './reference-net';
import { registerSoraGradients } from './tf-setup';
import { type BatchInfo, type TrainConfig, scheduledLearningRate, trainConfigProblems, trainModel, warmupSteps } from './train-loop';
import { initWasmBackend } from './wasm/init-wasm';

/** A small Sora-style net: separable → dilated conv → max-pool → separable → global-avg → softmax. */
const soraNet = () => soraReferenceNet([8, 16, 16]);

const base: TrainConfig = { optimizer: 'adam', learningRate: 0.01, batchSize: 32, epochs: 3, validationSplit: 0.2, seed: 7 };

describe('learning-rate schedule', () => {
  it('cosine: linear warm-up to the peak, half the peak at mid-run, ~0 at the end', () => {
    const total = 1875; // one MNIST epoch at batch 32
    expect(warmupSteps(total)).toBe(56);
    expect(warmupSteps(10)).toBe(1);
    expect(warmupSteps(100_000)).toBe(200);
    expect(scheduledLearningRate(0.004, 'cosine', 0, total)).toBeCloseTo(0.004 / 56, 10);
    expect(scheduledLearningRate(0.004, 'cosine', 27, total)).toBeCloseTo(0.002, 10);
    expect(scheduledLearningRate(0.004, 'cosine', 55, total)).toBeCloseTo(0.004, 10);
    const mid = 56 + Math.round((total - 56) / 2) - 1;
    expect(scheduledLearningRate(0.004, 'cosine', mid, total)).toBeCloseTo(0.002, 5);
    expect(scheduledLearningRate(0.004, 'cosine', total - 2, total)).toBeLessThan(1e-8);
    expect(scheduledLearningRate(0.004, 'cosine', total - 1, total)).toBe(0);
    // Monotone decay after the warm-up.
    const after = Array.from({ length: total - 56 }, (_, i) => scheduledLearningRate(0.004, 'cosine', 56 + i, total));
    expect(after.every((v, i) => i === 0 || v <= after[i - 1])).toBe(true);
  });

  it('cosine with a time budget decays by whichever of steps and time is further along', () => {
    const total = 10_000; // a long step plan: warm-up 200 steps
    expect(scheduledLearningRate(0.005, 'cosine', 500, total, 0.5)).toBeCloseTo(0.0025, 10);
    expect(scheduledLearningRate(0.005, 'cosine', 500, total, 1)).toBe(0);
    // Steps ahead of time: steps win.
    const bySteps = scheduledLearningRate(0.005, 'cosine', 9000, total, 0.1);
    expect(bySteps).toBeCloseTo(scheduledLearningRate(0.005, 'cosine', 9000, total), 12);
    expect(bySteps).toBeLessThan(0.0005);
    // Early in the budget the warm-up follows steps (or time, if further along: 1.5% of the budget = half-way).
    expect(scheduledLearningRate(0.005, 'cosine', 99, total, 0.001)).toBeCloseTo(0.0025, 10);
    expect(scheduledLearningRate(0.005, 'cosine', 9, total, 0.015)).toBeCloseTo(0.0025, 10);
    // A short time-limited run that never finishes its 200 warm-up steps still decays with time and ends at 0.
    expect(scheduledLearningRate(0.005, 'cosine', 99, total, 0.5)).toBeCloseTo(0.0025, 10);
    expect(scheduledLearningRate(0.005, 'cosine', 110, total, 1)).toBe(0);
    expect(trainConfigProblems({ ...base, timeLimitSeconds: 0 })).toEqual(['Time limit must be a positive number of seconds, got 0']);
  });

  it('constant or absent schedule keeps the configured rate at every step', () => {
    for (const step of [0, 27, 900, 1874]) {
      expect(scheduledLearningRate(0.001, undefined, step, 1875)).toBe(0.001);
      expect(scheduledLearningRate(0.001, 'constant', step, 1875)).toBe(0.001);
    }
    expect(trainConfigProblems({ ...base, schedule: 'linear' as unknown as 'cosine' })).toEqual([
      'LR schedule must be cosine or constant, got linear',
    ]);
  });
});

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
    const res = await trainModel(
      model,
      data,
      { ...base, optimizer: 'sgd', learningRate: 0.5, validationSplit: 0 },
      {
        onBatch: (b) => losses.push(b.loss),
      },
    );
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
    const res = await trainModel(
      model,
      data,
      { ...base, validationSplit: 0 },
      {
        onBatch: () => batches++,
        shouldStop: () => batches >= 3,
        waitWhilePaused: async () => {
          waits++;
        },
      },
    );
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

  it('applies the schedule to the optimizer step by step; no schedule keeps the rate constant', async () => {
    const seen: number[] = [];
    const spy = vi.spyOn(tf.AdamOptimizer.prototype, 'applyGradients').mockImplementation(function (this: tf.AdamOptimizer) {
      seen.push(this.learningRate);
    });
    try {
      const model = soraNet();
      const cfg = { ...base, epochs: 2, validationSplit: 0, learningRate: 0.004 };
      await trainModel(model, data, cfg); // 320 images / 32 = 10 steps per epoch, 20 in all
      expect(seen).toHaveLength(20);
      expect(new Set(seen)).toEqual(new Set([0.004]));
      seen.length = 0;
      await trainModel(model, data, { ...cfg, schedule: 'cosine' });
      expect(seen).toHaveLength(20);
      expect(seen[0]).toBeCloseTo(0.004, 10); // warm-up of 1 step for a 20-step run
      expect(seen[10]).toBeCloseTo(scheduledLearningRate(0.004, 'cosine', 10, 20), 10);
      expect(seen[10]).toBeLessThan(0.0025);
      expect(seen[19]).toBe(0);
      model.dispose();
    } finally {
      spy.mockRestore();
    }
  });

  it('ends at the time limit: the current epoch is closed and validated, status completed with timeLimitReached', async () => {
    const model = soraNet();
    const epochs: number[] = [];
    let batches = 0;
    const t0 = performance.now();
    const rates: number[] = [];
    const res = await trainModel(
      model,
      data,
      { ...base, epochs: 1000, timeLimitSeconds: 0.8, schedule: 'cosine' },
      {
        onBatch: (b) => {
          batches++;
          rates.push(b.learningRate!);
        },
        onEpoch: (e) => epochs.push(e.epoch),
      },
    );
    const seconds = (performance.now() - t0) / 1000;
    expect(res.status).toBe('completed');
    expect(res.timeLimitReached).toBe(true);
    expect(res.epochsCompleted).toBeGreaterThanOrEqual(1);
    expect(res.epochsCompleted).toBeLessThan(1000);
    expect(res.history.at(-1)!.valAccuracy).toBeGreaterThanOrEqual(0);
    expect(epochs).toEqual(res.history.map((h) => h.epoch));
    expect(seconds).toBeLessThan(0.8 + 5); // one batch + one validation past the limit at most
    // Without a limit the same config would run 1000 epochs × 8 batches; far fewer ran.
    expect(batches).toBeLessThan(8 * 1000);
    // Fewer steps than the 200-step warm-up ran, yet the rate rose to near the peak and then decayed with time
    // (how close to 0 the last step gets depends on how long the last batch/validation took on a loaded machine).
    expect(rates.length).toBe(batches);
    const top = rates.indexOf(Math.max(...rates));
    expect(rates[top]).toBeGreaterThan(0.5 * base.learningRate);
    expect(rates.slice(top).every((r, i, a) => i === 0 || r <= a[i - 1])).toBe(true);
    expect(rates.at(-1)!).toBeLessThan(0.3 * base.learningRate);
    model.dispose();
  });

  it('time spent paused does not count against the time limit', async () => {
    const model = soraNet();
    let batches = 0;
    const res = await trainModel(
      model,
      data,
      { ...base, epochs: 1, validationSplit: 0, timeLimitSeconds: 0.5 },
      {
        onBatch: () => batches++,
        // A 1 s pause before the first batch (longer than the whole budget).
        waitWhilePaused: () => (batches === 0 ? new Promise((r) => setTimeout(r, 1000)) : Promise.resolve()),
      },
    );
    expect(batches).toBeGreaterThan(0);
    expect(res.epochsCompleted).toBe(1); // closed at the limit or at its natural end
    model.dispose();
  });

  it('rejects bad configs and mismatched data with clear messages', async () => {
    const model = soraNet();
    await expect(trainModel(model, data, { ...base, batchSize: 0, validationSplit: 0.9 })).rejects.toThrow(
      /Batch size must be an integer 1–4096, got 0; Validation split must be in \[0, 0.5\], got 0.9/,
    );
    const wrong: ImageDataset = { ...data, imageShape: [14, 56, 1] };
    await expect(trainModel(model, wrong, base)).rejects.toThrow(/images are 14×56×1 but the model expects input \[28, 28, 1\]/);
    model.dispose();
  });
});
