import { describe, expect, it } from 'vitest';
import type { DatasetSplit } from '../data/types';
import type { TrainerEvent, TrainConfig } from './protocol';
import { DEFAULT_TRAIN_CONFIG } from './protocol';
import { holdOutTest, summarize } from '../data/dataset-split';
import { TrainerSession, type TrainerDeps } from './training-session';
import { tinyDataset } from '../test-support/datasets';
import { ioDesign } from '../test-support/designs';

/** A stand-in trainer (no tfjs): 2 epochs × 5 batches; the "model" is a counter of batches trained. */
function setup(opts: { nanAt?: number; trap?: boolean; data?: DatasetSplit } = {}) {
  const events: TrainerEvent[] = [];
  let clock = 0;
  let compiles = 0;
  const seeds: (number | undefined)[] = [];
  const data = opts.data ?? holdOutTest(tinyDataset(40, 4, [2, 2, 1]), 0.25);
  const deps: TrainerDeps<{ batches: number }> = {
    loadDataset: async () => ({ split: data, summary: summarize('tiny', data, 'held out', false) }),
    prepareBackend: async (p) => ({ backend: p === 'auto' ? 'wasm' : p, reason: 'test', tried: ['wasm'] }),
    compile: (_design, seed) => {
      compiles++;
      seeds.push(seed);
      return { batches: 0 };
    },
    async train(model, _data, config, cb) {
      if (opts.trap) throw new WebAssembly.RuntimeError('memory access out of bounds');
      for (let epoch = 0; epoch < config.epochs; epoch++) {
        for (let batch = 0; batch < 5; batch++) {
          await cb.waitWhilePaused();
          if (cb.shouldStop()) return { status: 'stopped' };
          model.batches++;
          clock += 30;
          const loss = opts.nanAt === model.batches ? Number.NaN : 1 / model.batches;
          cb.onBatch({ epoch, batch, batchesPerEpoch: 5, loss, accuracy: 0.5, imagesPerSecond: 100 });
          if (!Number.isFinite(loss)) return { status: 'diverged', message: 'diverged: lower the learning rate' };
        }
        cb.onEpoch({ epoch, loss: 0.5, accuracy: 0.8, valLoss: 0.6, valAccuracy: 0.7, seconds: 1 });
      }
      return { status: 'completed' };
    },
    evaluate: async (_m, d) => ({
      loss: 0.3,
      accuracy: 0.9,
      predictions: Uint8Array.from(d.labels, (l, i) => (i === 0 ? (l + 1) % 4 : l)),
      confidences: new Float32Array(d.count).fill(0.8),
      confusion: [[1]],
    }),
    saveWeights: async (m) => ({ weightSpecs: [{ name: 'w', shape: [1], dtype: 'float32' }], weightData: new Float32Array([m.batches]).buffer }),
    exportModel: async () => ({ modelJson: '{"format":"layers-model"}', weightsBin: new ArrayBuffer(4) }),
    dispose: () => {},
    yieldToEvents: () => new Promise((r) => setTimeout(r, 0)),
    now: () => clock,
  };
  const session = new TrainerSession(deps, (e) => events.push(e));
  return { session, events, compiles: () => compiles, seeds };
}

const config: TrainConfig = { ...DEFAULT_TRAIN_CONFIG, epochs: 2 };
const start = { type: 'start' as const, runId: 'r1', design: ioDesign([2, 2, 1], 4), config, dataset: { kind: 'mnist' as const } };

describe('TrainerSession', () => {
  it('trains, throttles progress to ~4/s, then reports test results and weights', async () => {
    const { session, events } = setup();
    await session.handle(start);
    const types = events.map((e) => e.type);
    expect(types.filter((t) => t === 'epoch').length).toBe(2);
    // batches end at 30, 60, … 300 ms: posted at 30, 150 (epoch end) and 300 (epoch end): none 250 ms after another.
    expect(events.filter((e) => e.type === 'progress').map((e) => e.type === 'progress' && e.progress.batch)).toEqual([0, 4, 4]);
    expect(events.find((e) => e.type === 'backend')).toMatchObject({ name: 'wasm', tried: ['wasm'] });
    const done = events[events.length - 1];
    expect(done.type).toBe('done');
    if (done.type !== 'done') return;
    expect(done.testAccuracy).toBe(0.9);
    expect(done.testCount).toBe(12);
    expect(new Float32Array(done.weights.weightData)[0]).toBe(10);
    expect(done.samplePredictions.length).toBe(12);
    expect(done.samplePredictions.filter((s) => s.label !== s.predicted).length).toBe(1);
    expect(done.samplePredictions[0].pixels.length).toBe(4);
  });

  it("compiles the run's model with the run's seed (the same initial weights on every backend)", async () => {
    const { session, seeds } = setup();
    await session.handle({ ...start, config: { ...config, seed: 1234 } });
    expect(seeds).toEqual([1234]);
  });

  it('pauses, resumes and stops keeping the weights', async () => {
    const { session, events } = setup();
    const running = session.handle(start);
    await new Promise((r) => setTimeout(r, 5));
    await session.handle({ type: 'pause', runId: 'r1' });
    const before = events.filter((e) => e.type === 'progress').length;
    await new Promise((r) => setTimeout(r, 20));
    expect(events.filter((e) => e.type === 'progress').length).toBe(before);
    expect(events.some((e) => e.type === 'paused')).toBe(true);
    await session.handle({ type: 'resume', runId: 'r1' });
    await new Promise((r) => setTimeout(r, 2));
    await session.handle({ type: 'stop', runId: 'r1' });
    await running;
    const last = events[events.length - 1];
    expect(last.type).toBe('stopped');
    if (last.type === 'stopped') expect(new Float32Array(last.weights.weightData)[0]).toBeLessThan(10);
    await session.handle({ type: 'evaluate', runId: 'r1' });
    expect(events[events.length - 1]).toMatchObject({ type: 'evaluation', evaluation: { testAccuracy: 0.9 } });
    await session.handle({ type: 'export', runId: 'r1' });
    expect(events[events.length - 1]).toMatchObject({ type: 'exported', modelJson: '{"format":"layers-model"}' });
  });

  it('turns a NaN loss into an error suggesting a lower learning rate', async () => {
    const { session, events } = setup({ nanAt: 3 });
    await session.handle(start);
    expect(events[events.length - 1]).toMatchObject({ type: 'error', runId: 'r1', nanLoss: true, message: 'diverged: lower the learning rate' });
  });

  it('refuses a design whose Input block does not fit the dataset', async () => {
    const { session, events } = setup();
    await session.handle({ ...start, design: ioDesign([28, 28, 1], 4) });
    expect(events[events.length - 1]).toMatchObject({
      type: 'error',
      message: 'The Input block is 28×28×1 but tiny images are 2×2×1 (height×width×channels).',
    });
  });

  it('flags a wasm trap during training as fatal (the page then replaces the worker)', async () => {
    const { session, events } = setup({ trap: true });
    await session.handle(start);
    expect(events[events.length - 1]).toEqual({
      type: 'error',
      runId: 'r1',
      message: 'RuntimeError: memory access out of bounds',
      nanLoss: false,
      fatal: true,
    });
  });

  it('refuses a design too big to train in the browser before loading data or compiling, saying how big', async () => {
    const { session, events } = setup();
    await session.handle({ ...start, design: ioDesign([4096, 4096, 3], 4) });
    expect(events.map((e) => e.type)).toEqual(['error']);
    expect(events[0]).toMatchObject({ type: 'error', runId: 'r1' });
    const message = events[0].type === 'error' ? events[0].message : '';
    expect(message).toMatch(
      /^Training this design needs about 12\.9 GB \(.*activations for batch 32 12\.9 GB\), more than the 2 GiB limit for training in the browser\./,
    );
  });

  it('refuses a split with no test images, or a validation share of zero images, before compiling', async () => {
    const noTest = holdOutTest(tinyDataset(4, 4, [2, 2, 1]), 0.25);
    expect(noTest.test.count).toBe(0);
    const { session, events, compiles } = setup({ data: noTest });
    await session.handle(start);
    expect(events.at(-1)).toMatchObject({
      type: 'error',
      message:
        'tiny leaves no test images, so the run could not be scored: add test files, or more images per class (a class needs at least 2 images for one to be held out for testing).',
    });
    const few = setup({ data: holdOutTest(tinyDataset(24, 4, [2, 2, 1]), 0.25) });
    await few.session.handle({ ...start, runId: 'r2', config: { ...config, validationSplit: 0.05 } });
    expect(few.events.at(-1)).toMatchObject({
      type: 'error',
      runId: 'r2',
      message:
        'A 5% validation split of 16 training images is 0 images: use at least 20 training images, a larger validation split, or a validation split of 0.',
    });
    expect(compiles() + few.compiles()).toBe(0);
  });
});
