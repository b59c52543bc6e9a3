import { describe, expect, it } from 'vitest';
import { holdOutTest, summarize } from '../data/dataset-split';
import { DEFAULT_TRAIN_CONFIG, type TrainerEvent, type WeightsBlob } from './protocol';
import { initialWeightsStatus, TrainerSession, type TrainerDeps } from './training-session';
import { tinyDataset } from '../test-support/datasets';
import { ioDesign } from '../test-support/designs';

/** A run started with initialWeights loads them into the compiled model before training (no tfjs: a fake model). */
function session() {
  const events: TrainerEvent[] = [];
  const loadedInto: { model: { w: number }; blob: WeightsBlob }[] = [];
  const data = holdOutTest(tinyDataset(20, 2), 0.25);
  const deps: TrainerDeps<{ w: number }> = {
    loadDataset: async () => ({ split: data, summary: summarize('tiny', data, 'held out', false) }),
    prepareBackend: async () => ({ backend: 'cpu', reason: 'test', tried: [] }),
    compile: () => ({ w: 0 }),
    loadWeights(model, blob) {
      loadedInto.push({ model, blob });
      model.w = new Float32Array(blob.weightData)[0];
      return { loaded: 1, fresh: ['output/bias'] };
    },
    train: async () => ({ status: 'completed' }),
    evaluate: async (_m, d) => ({
      loss: 0.1,
      accuracy: 1,
      predictions: Uint8Array.from(d.labels),
      confidences: new Float32Array(d.count).fill(1),
      confusion: [[1]],
    }),
    saveWeights: async (m) => ({
      weightSpecs: [{ name: 'output/kernel', shape: [1], dtype: 'float32' }],
      weightData: new Float32Array([m.w]).buffer,
    }),
    exportModel: async () => ({ modelJson: '{}', weightsBin: new ArrayBuffer(0) }),
    dispose: () => {},
    yieldToEvents: () => Promise.resolve(),
    now: () => 0,
  };
  return { s: new TrainerSession(deps, (e) => events.push(e)), events, loadedInto };
}

const start = {
  type: 'start' as const,
  runId: 'r',
  design: ioDesign([2, 2, 1], 2),
  config: { ...DEFAULT_TRAIN_CONFIG, epochs: 1, validationSplit: 0 },
  dataset: { kind: 'mnist' as const },
};

describe('TrainerSession with initial weights', () => {
  it('loads them into the compiled model, says so, and the trained weights start from them', async () => {
    const { s, events, loadedInto } = session();
    const initialWeights: WeightsBlob = {
      weightSpecs: [{ name: 'output/kernel', shape: [1], dtype: 'float32' }],
      weightData: new Float32Array([0.25]).buffer,
    };
    await s.handle({ ...start, initialWeights });
    expect(loadedInto).toHaveLength(1);
    expect(events.filter((e) => e.type === 'status').map((e) => (e as { text: string }).text)).toContain(
      'Training from the imported weights (1 tensor; 1 tensor changed since the import start fresh)…',
    );
    const done = events.find((e) => e.type === 'done') as Extract<TrainerEvent, { type: 'done' }>;
    expect(new Float32Array(done.weights.weightData)[0]).toBe(0.25);
  });

  it('without initial weights nothing is loaded', async () => {
    const { s, events, loadedInto } = session();
    await s.handle(start);
    expect(loadedInto).toHaveLength(0);
    expect(events.some((e) => e.type === 'status' && e.text === 'Training…')).toBe(true);
    expect(initialWeightsStatus({ loaded: 12, fresh: [] })).toBe('Training from the imported weights (12 tensors)…');
  });
});
