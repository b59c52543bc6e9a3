import { describe, expect, it } from 'vitest';
import { holdOutTest, summarize } from '../data/dataset-split';
import { DEFAULT_TRAIN_CONFIG, type TrainerEvent, type WeightsBlob } from './protocol';
import { TrainerSession, type TrainerDeps } from './training-session';
import { tinyDataset } from '../test-support/datasets';
import { ioDesign } from '../test-support/designs';

/** 'start' with evaluateOnly: the imported weights are evaluated on the test set without a training step (fake model, no tfjs). */
function session(fresh: string[] = []) {
  const events: TrainerEvent[] = [];
  const calls: string[] = [];
  const data = holdOutTest(tinyDataset(20, 2), 0.25);
  const deps: TrainerDeps<{ w: number }> = {
    loadDataset: async () => ({ split: data, summary: summarize('tiny', data, 'held out', false) }),
    prepareBackend: async () => ({ backend: 'cpu', reason: 'test', tried: [] }),
    compile: () => ({ w: 0 }),
    loadWeights(model, blob) {
      calls.push('load');
      model.w = new Float32Array(blob.weightData)[0];
      return { loaded: 1, fresh };
    },
    async train(model) {
      calls.push('train');
      model.w += 1;
      return { status: 'completed' };
    },
    async evaluate(model, d) {
      calls.push(`evaluate w=${model.w}`);
      return { loss: 0.1, accuracy: 0.75, predictions: Uint8Array.from(d.labels), confidences: new Float32Array(d.count).fill(1), confusion: [[1]] };
    },
    saveWeights: async (m) => ({
      weightSpecs: [{ name: 'output/kernel', shape: [1], dtype: 'float32' }],
      weightData: new Float32Array([m.w]).buffer,
    }),
    exportModel: async () => ({ modelJson: '{}', weightsBin: new ArrayBuffer(0) }),
    dispose: () => {},
    yieldToEvents: () => Promise.resolve(),
    now: () => 0,
  };
  return { s: new TrainerSession(deps, (e) => events.push(e)), events, calls };
}

const weights: WeightsBlob = { weightSpecs: [{ name: 'output/kernel', shape: [1], dtype: 'float32' }], weightData: new Float32Array([0.5]).buffer };
const start = {
  type: 'start' as const,
  runId: 'r',
  design: ioDesign([2, 2, 1], 2),
  config: { ...DEFAULT_TRAIN_CONFIG, epochs: 1, validationSplit: 0 },
  dataset: { kind: 'mnist' as const },
};

describe('TrainerSession evaluateOnly', () => {
  it('evaluates the given weights as they are and completes with 0 epochs', async () => {
    const { s, events, calls } = session();
    await s.handle({ ...start, initialWeights: weights, evaluateOnly: true });
    expect(calls).toEqual(['load', 'evaluate w=0.5']);
    expect(events.some((e) => e.type === 'epoch' || e.type === 'progress')).toBe(false);
    expect(events.filter((e) => e.type === 'status').map((e) => (e as { text: string }).text)).toContain(
      'Evaluating the imported weights on the test set…',
    );
    const done = events.find((e) => e.type === 'done') as Extract<TrainerEvent, { type: 'done' }>;
    expect(done.testAccuracy).toBe(0.75);
    expect(new Float32Array(done.weights.weightData)[0]).toBe(0.5);
  });

  it('refuses weights that no longer cover the design (edited since the import)', async () => {
    const { s, events, calls } = session(['conv/kernel', 'fc/kernel']);
    await s.handle({ ...start, initialWeights: weights, evaluateOnly: true });
    expect(calls).toEqual(['load']);
    const err = events.find((e) => e.type === 'error') as Extract<TrainerEvent, { type: 'error' }>;
    expect(err.message).toBe(
      'Cannot evaluate the imported weights: 2 tensors (conv/kernel, fc/kernel) no longer match the design, which was edited since the import. Train to fine-tune it instead.',
    );
  });

  it('without weights to evaluate it trains as usual', async () => {
    const { s, calls } = session();
    await s.handle({ ...start, evaluateOnly: true });
    expect(calls).toEqual(['train', 'evaluate w=1']);
  });
});
