import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { getTemplate } from '../core/templates/index';
import { profileDesign } from '../tf/profile/profile-design';
import { DEFAULT_TRAIN_CONFIG, type TrainerEvent } from './protocol';
import { holdOutTest, summarize } from '../data/dataset-split';
import { tinyDataset } from '../test-support/datasets';
import { ioDesign } from '../test-support/designs';
import { TrainerSession, type TrainerDeps } from './training-session';

/** The session with the real profiler on tfjs' cpu backend; training is a stand-in that waits to be released. */
function setup() {
  const events: TrainerEvent[] = [];
  let release: () => void = () => {};
  const data = holdOutTest(tinyDataset(40, 4, [2, 2, 1]), 0.25);
  const deps: TrainerDeps<object> = {
    loadDataset: async () => ({ split: data, summary: summarize('tiny', data, 'held out', false) }),
    prepareBackend: async () => {
      await tf.setBackend('cpu');
      return { backend: 'cpu', reason: 'chosen in the test', tried: [] };
    },
    compile: () => ({}),
    train: () => new Promise((resolve) => (release = () => resolve({ status: 'completed' }))),
    evaluate: async (_m, d) => ({
      loss: 0,
      accuracy: 1,
      predictions: new Uint8Array(d.count),
      confidences: new Float32Array(d.count),
      confusion: [[1]],
    }),
    saveWeights: async () => ({ weightSpecs: [], weightData: new ArrayBuffer(0) }),
    exportModel: async () => ({ modelJson: '{}', weightsBin: new ArrayBuffer(0) }),
    profile: (design, batches, runs) => profileDesign(design, batches, { runs, warmup: 1 }),
    dispose: () => {},
    yieldToEvents: () => new Promise((r) => setTimeout(r, 0)),
    now: () => 0,
  };
  return { session: new TrainerSession(deps, (e) => events.push(e)), events, release: () => release() };
}

const design = getTemplate('sora-lite-mnist')!.build();

describe("TrainerSession 'profile'", () => {
  it('answers with one profile per batch and what ran; a second request while measuring is refused', async () => {
    const { session, events } = setup();
    const first = session.handle({ type: 'profile', requestId: 'p1', design, batches: [1, 2], runs: 2 });
    await session.handle({ type: 'profile', requestId: 'p2', design, batches: [1], runs: 2 });
    await first;
    expect(events.find((e) => e.type === 'profile-error')).toEqual({
      type: 'profile-error',
      requestId: 'p2',
      message: 'A measurement is already running.',
    });
    const done = events.find((e) => e.type === 'profiled');
    if (done?.type !== 'profiled') throw new Error('no profiled event');
    expect(done.requestId).toBe('p1');
    expect(done.backendDetail).toBe('cpu · chosen in the test');
    expect(done.profiles.map((p) => [p.batch, p.runs, p.backend])).toEqual([
      [1, 2, 'cpu'],
      [2, 2, 'cpu'],
    ]);
    expect(done.profiles[1].blocks.find((b) => b.name === 'output_1')?.ms).toBeGreaterThan(0);
  }, 60_000);

  it('is refused while a run trains, and an invalid design gets a message instead of a crash', async () => {
    const { session, events, release } = setup();
    const run = session.handle({
      type: 'start',
      runId: 'r1',
      design: ioDesign([2, 2, 1], 4),
      config: { ...DEFAULT_TRAIN_CONFIG, epochs: 1 },
      dataset: { kind: 'mnist' },
    });
    while (!events.some((e) => e.type === 'status' && e.text === 'Training…')) await new Promise((r) => setTimeout(r, 1));
    await session.handle({ type: 'profile', requestId: 'p1', design, batches: [1] });
    expect(events.at(-1)).toEqual({
      type: 'profile-error',
      requestId: 'p1',
      message: 'A run is training: measure latency after it finishes (they would slow each other down).',
    });
    release();
    await run;
    const broken = { ...design, edges: [] };
    await session.handle({ type: 'profile', requestId: 'p2', design: broken, batches: [1] });
    const last = events.at(-1);
    expect(last?.type).toBe('profile-error');
    expect(last?.type === 'profile-error' && last.message).toMatch(/^Could not measure latency: Cannot export design/);
  }, 60_000);
});
