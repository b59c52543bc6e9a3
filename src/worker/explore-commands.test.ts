import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_CONFIG, type TrainerEvent } from './protocol';
import { holdOutTest, summarize } from '../data/dataset-split';
import { TrainerSession, type TrainerDeps } from './training-session';
import { tinyDataset } from '../test-support/datasets';
import { ioDesign } from '../test-support/designs';

/** A stand-in trainer: the "model" is one number (its weight), each epoch adds 1 and reports valAccuracies[epoch]. */
function setup(valAccuracies: number[]) {
  const events: TrainerEvent[] = [];
  const data = holdOutTest(tinyDataset(40, 4, [2, 2, 1]), 0.25);
  let models = 0;
  let disposed = 0;
  const deps: TrainerDeps<{ w: number }> = {
    loadDataset: async () => ({ split: data, summary: summarize('tiny', data, 'held out', false) }),
    prepareBackend: async () => ({ backend: 'cpu', reason: 'test', tried: [] }),
    compile: () => {
      models++;
      return { w: 0 };
    },
    async train(model, _d, config, cb) {
      for (let epoch = 0; epoch < config.epochs; epoch++) {
        await cb.waitWhilePaused();
        if (cb.shouldStop()) return { status: 'stopped' };
        model.w++;
        cb.onBatch({ epoch, batch: 0, batchesPerEpoch: 1, loss: 0.5, accuracy: 0.5, imagesPerSecond: 1 });
        cb.onEpoch({ epoch, loss: 0.5, accuracy: 0.5, valAccuracy: valAccuracies[epoch], seconds: 1 });
      }
      return { status: 'completed' };
    },
    evaluate: async (m, d) => ({
      loss: 0.1,
      accuracy: m.w / 10,
      predictions: new Uint8Array(d.count),
      confidences: new Float32Array(d.count),
      confusion: [[1]],
    }),
    saveWeights: async (m) => ({ weightSpecs: [{ name: 'w', shape: [1], dtype: 'float32' }], weightData: new Float32Array([m.w]).buffer }),
    snapshotWeights: (m) => {
      const copy = m.w;
      return { restore: () => void (m.w = copy), dispose: () => void disposed++ };
    },
    lrRange: async (_m, _d, _c, range, hooks) => {
      const points = [];
      for (let i = 0; i < range.steps; i++) {
        if (hooks.shouldStop()) return { points, stoppedEarly: true };
        const p = {
          lr: range.minLr * (range.maxLr / range.minLr) ** (i / (range.steps - 1)),
          loss: 2 - i / range.steps,
          smoothed: 2 - i / range.steps,
        };
        points.push(p);
        hooks.onPoint(p);
      }
      return { points, stoppedEarly: false };
    },
    exportModel: async () => ({ modelJson: '{}', weightsBin: new ArrayBuffer(0) }),
    dispose: () => void disposed++,
    yieldToEvents: () => new Promise((r) => setTimeout(r, 0)),
    now: () => 0,
  };
  return { session: new TrainerSession(deps, (e) => events.push(e)), events, models: () => models, disposed: () => disposed };
}

const design = ioDesign([2, 2, 1], 4);
const dataset = { kind: 'mnist' as const };

describe('early stopping in the worker session', () => {
  it('stops after `patience` epochs without improvement, restores the best epoch and evaluates it as a completed run', async () => {
    const { session, events } = setup([0.5, 0.8, 0.7, 0.75, 0.9, 0.95]);
    await session.handle({
      type: 'start',
      runId: 'r',
      design,
      dataset,
      config: { ...DEFAULT_TRAIN_CONFIG, epochs: 6, timeLimitSeconds: undefined },
      earlyStopping: { patience: 2 },
    });
    expect(
      events.filter((e) => e.type === 'epoch'),
      JSON.stringify(events.slice(-2)),
    ).toHaveLength(4);
    const status = events.filter((e) => e.type === 'status').map((e) => (e.type === 'status' ? e.text : ''));
    expect(status).toContain('Early stopping: no improvement for 2 epochs; kept epoch 2 (80.00% validation)');
    const done = events[events.length - 1];
    expect(done.type).toBe('done');
    // The model's weight after epoch 2 was 2 (epochs 3 and 4 made it 4): the restored weights are saved and evaluated.
    if (done.type === 'done') {
      expect(new Float32Array(done.weights.weightData)[0]).toBe(2);
      expect(done.testAccuracy).toBeCloseTo(0.2);
    }
  });

  it('without the option, trains every epoch', async () => {
    const { session, events } = setup([0.5, 0.4, 0.3]);
    await session.handle({ type: 'start', runId: 'r', design, dataset, config: { ...DEFAULT_TRAIN_CONFIG, epochs: 3, timeLimitSeconds: undefined } });
    expect(events.filter((e) => e.type === 'epoch')).toHaveLength(3);
  });
});

describe("'lr-range' command", () => {
  it('runs on a fresh model it disposes, streams points and ends with all of them', async () => {
    const { session, events, models, disposed } = setup([]);
    await session.handle({
      type: 'lr-range',
      requestId: 'q',
      design,
      dataset,
      config: DEFAULT_TRAIN_CONFIG,
      range: { minLr: 1e-4, maxLr: 1, steps: 40 },
    });
    expect(models()).toBe(1);
    expect(disposed()).toBe(1);
    const done = events.find((e) => e.type === 'lr-range-done');
    expect(done?.type === 'lr-range-done' && done.points.length).toBe(40);
    expect(done?.type === 'lr-range-done' && done.points[39].lr).toBeCloseTo(1);
    expect(events.some((e) => e.type === 'lr-range-progress')).toBe(true);
  });

  it('is refused while a run trains', async () => {
    const { session, events } = setup([0.5, 0.6]);
    const running = session.handle({ type: 'start', runId: 'r', design, dataset, config: { ...DEFAULT_TRAIN_CONFIG, epochs: 2 } });
    await new Promise((r) => setTimeout(r, 0));
    await session.handle({
      type: 'lr-range',
      requestId: 'q',
      design,
      dataset,
      config: DEFAULT_TRAIN_CONFIG,
      range: { minLr: 1e-4, maxLr: 1, steps: 40 },
    });
    await running;
    expect(events.find((e) => e.type === 'lr-range-error')).toMatchObject({ message: /A run is training/ });
  });
});
