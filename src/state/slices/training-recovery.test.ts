import { afterEach, describe, expect, it } from 'vitest';
import { create } from 'zustand';
import type { TrainerCommand, TrainerEvent } from '../../worker/protocol';
import { ioDesign } from '../../test-support/designs';
import { TrainerClient, type WorkerLike } from '../../worker/worker-client';
import type { DesignSlice, NoticeSlice, VariantsSlice } from '../types';
import { createTrainingSlice, setTrainerClient, type TrainingSlice } from './training-slice';

type S = TrainingSlice & VariantsSlice & DesignSlice & NoticeSlice;

class FakeWorker implements WorkerLike {
  sent: TrainerCommand[] = [];
  terminated = false;
  onmessage: ((ev: MessageEvent) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  onmessageerror: ((ev: MessageEvent) => void) | null = null;
  postMessage(m: unknown) {
    this.sent.push(m as TrainerCommand);
  }
  terminate() {
    this.terminated = true;
  }
  emit(e: TrainerEvent) {
    this.onmessage?.({ data: e } as MessageEvent);
  }
}

function makeStore() {
  const workers: FakeWorker[] = [];
  const client = new TrainerClient(
    () => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    },
    { setInterval: () => 0, clearInterval: () => {} },
  );
  setTrainerClient(client);
  const noop = () => {};
  const store = create<S>()((set, get, api) => ({
    ...createTrainingSlice(set, get, api),
    variants: [{ id: 'v1', name: 'Net', design: ioDesign([28, 28, 1], 10), createdAt: 0, updatedAt: 0 }],
    activeVariantId: 'v1',
    createVariant: () => 'v',
    duplicateVariant: () => 'v',
    renameVariant: noop,
    deleteVariant: noop,
    setActiveVariant: noop,
    hydrateVariants: noop,
    updateDesign: noop,
    applyEdit: () => undefined,
    replaceDesign: noop,
    selectedBlockIds: [],
    selectedEdgeIds: [],
    setSelection: noop,
    notices: [],
    notify: (kind, text) => set((s) => ({ notices: [...s.notices, { id: String(s.notices.length), kind, text }] })),
    dismissNotice: noop,
  }));
  return { store, workers };
}

afterEach(() => setTrainerClient(null));

describe('training recovers from a broken worker without a reload', () => {
  it('an error without a run id fails the run, frees the app for the next run, which gets a fresh worker', () => {
    const { store, workers } = makeStore();
    const first = store.getState().startTraining();
    expect(first).not.toBeNull();
    workers[0].emit({ type: 'error', message: 'Training worker error: boom' });
    expect(store.getState().liveRun).toMatchObject({
      id: first,
      status: 'failed',
      error: 'Training worker error: boom (the training worker was restarted)',
    });
    expect(workers[0].terminated).toBe(true);

    const second = store.getState().startTraining();
    expect(second).not.toBeNull();
    expect(store.getState().notices.map((n) => n.text)).not.toContain('A run is already training; stop it before starting another.');
    expect(workers).toHaveLength(2);
    expect(workers[1].sent[0]).toMatchObject({ type: 'start', runId: second });
  });

  it('after the wasm backend traps (memory access out of bounds) the next run starts in a new worker and completes', () => {
    const { store, workers } = makeStore();
    const first = store.getState().startTraining()!;
    workers[0].emit({ type: 'error', runId: first, message: 'RuntimeError: memory access out of bounds', fatal: true });
    expect(store.getState().liveRun?.status).toBe('failed');
    const second = store.getState().startTraining()!;
    expect(workers).toHaveLength(2);
    workers[1].emit({ type: 'stopped', runId: second, weights: { weightSpecs: [], weightData: new ArrayBuffer(0) }, epochsCompleted: 1 });
    expect(store.getState().liveRun).toMatchObject({ id: second, status: 'stopped', hasWeights: true });
  });
});
