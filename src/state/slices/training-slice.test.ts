import { afterEach, describe, expect, it } from 'vitest';
import { create } from 'zustand';
import type { Design } from '../../core/graph/types';
import type { TrainerCommand, TrainerEvent } from '../../worker/protocol';
import { ioDesign } from '../../test-support/designs';
import { TrainerClient, type WorkerLike } from '../../worker/worker-client';
import type { DesignSlice, NoticeSlice, VariantsSlice } from '../types';
import { createTrainingSlice, setTrainerClient, type TrainingSlice } from './training-slice';
import { deleteVariantWeights, saveVariantWeights } from '../variant-weights';

type S = TrainingSlice & VariantsSlice & DesignSlice & NoticeSlice;

class FakeWorker implements WorkerLike {
  sent: TrainerCommand[] = [];
  onmessage: ((ev: MessageEvent) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  onmessageerror: ((ev: MessageEvent) => void) | null = null;
  postMessage(m: unknown) {
    this.sent.push(m as TrainerCommand);
  }
  terminate() {}
  emit(e: TrainerEvent) {
    this.onmessage?.({ data: e } as MessageEvent);
  }
}

function makeStore(design: Design) {
  const worker = new FakeWorker();
  const client = new TrainerClient(() => worker, { setInterval: () => 0, clearInterval: () => {} });
  setTrainerClient(client);
  const store = create<S>()((set, get, api) => ({
    ...createTrainingSlice(set, get, api),
    variants: [{ id: 'v1', name: 'Sora-Lite', design, createdAt: 0, updatedAt: 0 }],
    activeVariantId: 'v1',
    createVariant: () => 'v',
    duplicateVariant: () => 'v',
    renameVariant: () => {},
    deleteVariant: () => {},
    setActiveVariant: () => {},
    hydrateVariants: () => {},
    updateDesign: (recipe) => set((s) => ({ variants: s.variants.map((v) => ({ ...v, design: recipe(v.design) })) })),
    applyEdit: () => undefined,
    replaceDesign: () => {},
    selectedBlockIds: [],
    selectedEdgeIds: [],
    setSelection: () => {},
    notices: [],
    notify: (kind, text) => set((s) => ({ notices: [...s.notices, { id: String(s.notices.length), kind, text }] })),
    dismissNotice: () => {},
  }));
  return { store, worker };
}

const summary = (shape: [number, number, number]) => ({
  name: 'MNIST',
  imageShape: shape,
  numClasses: 10,
  classNames: [],
  trainCount: 60000,
  testCount: 10000,
  classCounts: [],
  samples: [],
  resizable: false,
  testSource: 't10k',
});

afterEach(() => setTrainerClient(null));

describe('training slice', () => {
  it('inspects MNIST, checks the Input block fit and matches it in one click', () => {
    const { store, worker } = makeStore(ioDesign([32, 32, 3], 4));
    store.getState().ensureDatasetInspected();
    const cmd = worker.sent[0];
    expect(cmd).toMatchObject({ type: 'inspect', dataset: { kind: 'mnist' }, imageShape: [32, 32, 3] });
    if (cmd.type !== 'inspect') return;
    worker.emit({ type: 'dataset', requestId: cmd.requestId, summary: summary([28, 28, 1]) });
    expect(store.getState().datasetStatus).toBe('ready');
    expect(store.getState().datasetFitProblem()).toBe('The Input block is 32×32×3 but MNIST images are 28×28×1 (height×width×channels).');
    expect(store.getState().startTraining()).toBeNull();
    expect(store.getState().notices[0].text).toContain('The Input block is 32×32×3');
    store.getState().matchInputToDataset();
    expect(store.getState().datasetFitProblem()).toBeNull();
    const input = store.getState().variants[0].design.blocks.find((b) => b.kind === 'input')!;
    expect(input.params).toMatchObject({ height: 28, width: 28, channels: 1 });
  });

  it('keeps the previous dataset when new files are rejected', () => {
    const { store, worker } = makeStore(ioDesign([28, 28, 1], 10));
    store.getState().ensureDatasetInspected();
    const first = worker.sent[0] as Extract<TrainerCommand, { type: 'inspect' }>;
    worker.emit({ type: 'dataset', requestId: first.requestId, summary: summary([28, 28, 1]) });
    store.getState().chooseDataset([{ name: 'bad.idx', data: new ArrayBuffer(3) }], 'bad.idx');
    const stored = worker.sent[1] as Extract<TrainerCommand, { type: 'store-dataset' }>;
    expect(stored).toMatchObject({ type: 'store-dataset', label: 'bad.idx', files: [{ name: 'bad.idx' }] });
    const second = worker.sent[2] as Extract<TrainerCommand, { type: 'inspect' }>;
    expect(second.dataset).toEqual({ kind: 'stored', id: stored.datasetId, label: 'bad.idx' });
    worker.emit({ type: 'dataset-error', requestId: second.requestId, message: 'bad.idx: truncated file' });
    expect(store.getState().dataset).toEqual({ kind: 'mnist' });
    // The rejected files are dropped from the worker (and from the page's copy).
    expect(worker.sent[3]).toEqual({ type: 'drop-dataset', datasetId: stored.datasetId });
    expect(store.getState().datasetMessage).toBe('bad.idx: truncated file');
    expect(store.getState().datasetStatus).toBe('ready');
    // Files superseded by another choice before the worker answered are dropped too.
    store.getState().chooseDataset([{ name: 'a.idx', data: new ArrayBuffer(3) }], 'a.idx');
    const a = worker.sent[4] as Extract<TrainerCommand, { type: 'store-dataset' }>;
    store.getState().chooseDataset(null);
    expect(worker.sent.slice(6).map((m) => m.type)).toEqual(['drop-dataset', 'inspect']);
    expect(worker.sent[6]).toEqual({ type: 'drop-dataset', datasetId: a.datasetId });
  });

  it('reloads an image-folder dataset at the new Input size; fixed-size datasets are left alone', () => {
    const { store, worker } = makeStore(ioDesign([28, 28, 1], 2));
    const files = [{ name: 'shapes.zip', data: new ArrayBuffer(8) }];
    store.getState().chooseDataset(files, 'shapes.zip');
    const stored = worker.sent[0] as Extract<TrainerCommand, { type: 'store-dataset' }>;
    expect(stored).toMatchObject({ type: 'store-dataset', label: 'shapes.zip', files });
    const first = worker.sent[1] as Extract<TrainerCommand, { type: 'inspect' }>;
    expect(first.imageShape).toEqual([28, 28, 1]);
    worker.emit({ type: 'dataset', requestId: first.requestId, summary: { ...summary([28, 28, 1]), resizable: true } });
    // The page's state names the files by id; the buffers stay out of the store.
    expect(store.getState().dataset).toEqual({ kind: 'files', label: 'shapes.zip', id: stored.datasetId });
    expect(store.getState().followInputShape()).toBe(false); // same size: nothing to do
    store.getState().updateDesign(() => ioDesign([32, 32, 3], 2));
    expect(store.getState().followInputShape()).toBe(true);
    const second = worker.sent[2] as Extract<TrainerCommand, { type: 'inspect' }>;
    expect(second.imageShape).toEqual([32, 32, 3]);
    expect(second.dataset).toEqual({ kind: 'stored', id: stored.datasetId, label: 'shapes.zip' });
    expect(store.getState().datasetStatus).toBe('loading');
    worker.emit({ type: 'dataset', requestId: second.requestId, summary: { ...summary([32, 32, 3]), resizable: true } });
    expect(store.getState().followInputShape()).toBe(false);
    // Two channels cannot be decoded from images: the fit message explains it instead of a reload.
    store.getState().updateDesign(() => ioDesign([32, 32, 2], 2));
    expect(store.getState().followInputShape()).toBe(false);
    // MNIST (not resizable) never reloads.
    const mnist = makeStore(ioDesign([28, 28, 1], 10));
    mnist.store.getState().ensureDatasetInspected();
    const req = mnist.worker.sent[0] as Extract<TrainerCommand, { type: 'inspect' }>;
    mnist.worker.emit({ type: 'dataset', requestId: req.requestId, summary: summary([28, 28, 1]) });
    mnist.store.getState().updateDesign(() => ioDesign([32, 32, 3], 10));
    expect(mnist.store.getState().followInputShape()).toBe(false);
  });

  it('runs: start → epochs → done, and a crash marks the run failed without touching the design', async () => {
    const design = ioDesign([28, 28, 1], 10);
    const { store, worker } = makeStore(design);
    store.getState().ensureDatasetInspected();
    const inspect = worker.sent[0] as Extract<TrainerCommand, { type: 'inspect' }>;
    worker.emit({ type: 'dataset', requestId: inspect.requestId, summary: summary([28, 28, 1]) });
    const id = store.getState().startTraining()!;
    expect(worker.sent[1]).toMatchObject({ type: 'start', runId: id, dataset: { kind: 'mnist' }, backend: 'auto' });
    worker.emit({ type: 'backend', runId: id, name: 'wasm', reason: 'no GPU', warning: 'slow here', tried: [] });
    worker.emit({
      type: 'progress',
      runId: id,
      progress: { epoch: 0, batch: 0, batchesPerEpoch: 4, loss: 2, accuracy: 0.1, imagesPerSecond: 40 },
      epochs: 2,
    });
    worker.emit({ type: 'epoch', runId: id, metrics: { epoch: 0, loss: 1, accuracy: 0.7, valLoss: 1.1, valAccuracy: 0.68, seconds: 4 } });
    let run = store.getState().liveRun!;
    expect(run.backend?.name).toBe('wasm');
    expect(run.backend?.warning).toBe('slow here');
    expect(run.batchPoints.length).toBe(1);
    expect(run.epochPoints[0].valAccuracy).toBe(0.68);
    expect(store.getState().startTraining()).toBeNull();
    worker.onerror?.({ message: 'boom', preventDefault() {} } as ErrorEvent);
    run = store.getState().liveRun!;
    expect(run.status).toBe('failed');
    expect(run.error).toBe('The training worker crashed: boom');
    expect(store.getState().variants[0].design).toBe(design);
    // The UI recovers: a new run can start (on a fresh worker).
    expect(store.getState().startTraining()).not.toBeNull();
  });

  it('records test results when a run completes', () => {
    const { store, worker } = makeStore(ioDesign([28, 28, 1], 10));
    store.getState().ensureDatasetInspected();
    const inspect = worker.sent[0] as Extract<TrainerCommand, { type: 'inspect' }>;
    worker.emit({ type: 'dataset', requestId: inspect.requestId, summary: summary([28, 28, 1]) });
    const id = store.getState().startTraining()!;
    worker.emit({
      type: 'done',
      runId: id,
      weights: { weightSpecs: [], weightData: new ArrayBuffer(8) },
      testLoss: 0.2,
      testAccuracy: 0.95,
      testCount: 10000,
      confusion: [[1]],
      samplePredictions: [],
      cellExamples: {},
    });
    const run = store.getState().liveRun!;
    expect(run.status).toBe('completed');
    expect(run.evaluation?.testAccuracy).toBe(0.95);
    expect(run.hasWeights).toBe(true);
  });

  it('a variant with imported weights starts its runs from them', async () => {
    const { store, worker } = makeStore(ioDesign([28, 28, 1], 10));
    const weights = {
      weightSpecs: [{ name: 'output/kernel', shape: [784, 10], dtype: 'float32' as const }],
      weightData: new ArrayBuffer(784 * 10 * 4),
    };
    await saveVariantWeights('v1', weights);
    store.getState().ensureDatasetInspected();
    const inspect = worker.sent[0] as Extract<TrainerCommand, { type: 'inspect' }>;
    worker.emit({ type: 'dataset', requestId: inspect.requestId, summary: summary([28, 28, 1]) });
    store.getState().startTraining();
    expect(worker.sent[1]).toMatchObject({ type: 'start', initialWeights: weights });
    expect(worker.sent[1]).not.toHaveProperty('evaluateOnly');
    await deleteVariantWeights('v1');
  });

  it('"Evaluate imported weights" sends evaluateOnly with them; without imported weights it is a plain run', () => {
    const { store, worker } = makeStore(ioDesign([28, 28, 1], 10));
    store.getState().ensureDatasetInspected();
    const inspect = worker.sent[0] as Extract<TrainerCommand, { type: 'inspect' }>;
    worker.emit({ type: 'dataset', requestId: inspect.requestId, summary: summary([28, 28, 1]) });
    store.getState().startTraining({ evaluateOnly: true });
    expect(worker.sent[1]).toMatchObject({ type: 'start' });
    expect(worker.sent[1]).not.toHaveProperty('evaluateOnly');
    expect(worker.sent[1]).not.toHaveProperty('initialWeights');
  });

  it('evaluateOnly reaches the worker for a variant with imported weights', async () => {
    const { store, worker } = makeStore(ioDesign([28, 28, 1], 10));
    const weights = {
      weightSpecs: [{ name: 'output/kernel', shape: [784, 10], dtype: 'float32' as const }],
      weightData: new ArrayBuffer(784 * 10 * 4),
    };
    await saveVariantWeights('v1', weights);
    store.getState().ensureDatasetInspected();
    const inspect = worker.sent[0] as Extract<TrainerCommand, { type: 'inspect' }>;
    worker.emit({ type: 'dataset', requestId: inspect.requestId, summary: summary([28, 28, 1]) });
    store.getState().startTraining({ evaluateOnly: true });
    expect(worker.sent[1]).toMatchObject({ type: 'start', initialWeights: weights, evaluateOnly: true });
    await deleteVariantWeights('v1');
  });
});
