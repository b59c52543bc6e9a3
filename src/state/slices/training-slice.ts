import type { StateCreator } from 'zustand';
import { datasetLabel } from '../../data/dataset-label';
import type { NamedBuffer } from '../../data/dataset-errors';
import { fitProblem, matchDesignToDataset, designIO } from '../../data/dataset-fit';
import {
  DEFAULT_TRAIN_CONFIG,
  validateTrainConfig,
  type BackendPreference,
  type BatchProgress,
  type DatasetSummary,
  type EpochMetrics,
  type Evaluation,
  type TrainConfig,
  type TrainerCommand,
  type TrainerEvent,
  type WeightsBlob,
} from '../../worker/protocol';
import type { TrainerClient } from '../../worker/worker-client';
import type { BatchPoint, RunRecord, RunStatus } from '../persistence/runs-db';
import { skippedNotices } from '../persistence/quarantine';
import type { DesignSlice, NoticeSlice, VariantsSlice } from '../types';
import { applyBatch, applyEpoch, recordFromRun, type LiveRun } from './training-run';
import { variantWeights } from '../variant-weights';
import { selectActiveDesign, selectVariant } from '../selectors';
import { errorMessage } from '../../core/result';
import {
  TrainingService,
  datasetRefOf,
  holdTrainingUpdates,
  markTrainingWork,
  newId,
  setTrainerClient,
  sharedTrainerClient,
  sortRuns,
  trainingUpdatesHeld,
  type DatasetChoice,
} from '../training-service';
import { afterNextPaint } from '../after-next-paint';

export type { LiveRun, DatasetChoice };

const sameDataset = (a: DatasetChoice, b: DatasetChoice) => a === b || (a.kind === 'files' && b.kind === 'files' && a.id === b.id);
export { sharedTrainerClient, setTrainerClient, markTrainingWork, holdTrainingUpdates };

export interface TrainingSlice {
  trainingConfig: TrainConfig;
  trainingBackend: BackendPreference;
  /** Data-parallel workers of a WASM run (the Train tab's Workers control): 'auto' = all cores but one (both on 2 cores; src/core/parallel/worker-count.ts). */
  trainingWorkers: number | 'auto';
  setTrainingWorkers(workers: number | 'auto'): void;
  /** Early stopping: end a run when validation accuracy has not improved for this many epochs, keeping the best epoch's weights (null = off). */
  earlyStoppingPatience: number | null;
  setEarlyStoppingPatience(patience: number | null): void;
  dataset: DatasetChoice;
  datasetSummary: DatasetSummary | null;
  datasetStatus: 'idle' | 'loading' | 'ready' | 'error';
  /** Last dataset problem (a bad file keeps the previous dataset). */
  datasetMessage: string | null;
  /** The run in this page session (live or last finished). */
  liveRun: LiveRun | null;
  /** Persisted runs, newest first (all variants). */
  trainingRuns: RunRecord[];
  setTrainingConfig(patch: Partial<TrainConfig>): void;
  setTrainingBackend(backend: BackendPreference): void;
  /** Inspects the default MNIST (once) so the panel shows it with no user action. */
  ensureDatasetInspected(): void;
  /**
   * Image-folder datasets are decoded at the Input block's size: re-reads the chosen files when the active
   * design's Input shape no longer matches the loaded summary (not while a run is training). Returns whether
   * a reload started.
   */
  followInputShape(): boolean;
  /**
   * Loads user files (null → back to MNIST): they are sent to the worker once and named by id from then on; they
   * replace the dataset only if the worker accepts them.
   */
  chooseDataset(files: NamedBuffer[] | null, label?: string): void;
  /** Why the active design cannot train on the dataset, or null. */
  datasetFitProblem(): string | null;
  matchInputToDataset(): void;
  /**
   * Starts a run of the active variant (from its imported weights when it has some). `evaluateOnly`: no
   * training, the imported weights are evaluated on the test set (only for a variant with imported weights).
   * `variantId` trains that variant instead of the active one; `config` overrides settings for this run only
   * (the explorer's candidates: src/state/explore).
   */
  startTraining(options?: { evaluateOnly?: boolean; variantId?: string; config?: Partial<TrainConfig> }): string | null;
  pauseTraining(): void;
  resumeTraining(): void;
  stopTraining(): void;
  evaluateRun(): void;
  /** tfjs model.json + weights of the live run's model. */
  exportRun(): Promise<{ modelJson: string; weightsBin: ArrayBuffer }>;
  loadTrainingRuns(): Promise<void>;
  deleteTrainingRun(id: string): Promise<void>;
}

type Deps = TrainingSlice & VariantsSlice & DesignSlice & NoticeSlice;

export const createTrainingSlice: StateCreator<Deps, [], [], TrainingSlice> = (set, get) => {
  let pendingInspect: { requestId: string; choice: DatasetChoice } | null = null;
  let queued: BatchProgress[] = [];
  // The worker client, dataset ids, export and run persistence live in the training service (outside the store).
  const service = new TrainingService((ev) => onEvent(ev));

  const activeDesign = () => selectActiveDesign(get());
  const updateRun = (fn: (r: LiveRun) => LiveRun) => {
    const r = get().liveRun;
    if (r) set({ liveRun: fn(r) });
  };
  const persist = (withWeights?: WeightsBlob) => {
    const r = get().liveRun;
    if (!r) return;
    service
      .saveRun(recordFromRun(r), withWeights)
      .then((saved) => {
        if (saved) set((s) => ({ trainingRuns: sortRuns([saved, ...s.trainingRuns.filter((x) => x.id !== saved.id)]) }));
      })
      .catch((err: unknown) => get().notify('error', errorMessage(err)));
  };
  /**
   * Applies the queued batch progress. The worker already throttles it (src/worker/progress-throttle.ts, the only
   * throttle); while the user drags (holdTrainingUpdates) it waits for the next event after the release.
   */
  const flush = (force = false) => {
    if ((trainingUpdatesHeld() && !force) || queued.length === 0) return;
    markTrainingWork('progress');
    const batch = queued;
    queued = [];
    updateRun((r) => batch.reduce(applyBatch, r));
  };
  const finish = (status: RunStatus, patch: Partial<LiveRun> = {}) => {
    flush(true);
    updateRun((r) => ({ ...r, ...patch, status, finishedAt: Date.now(), statusText: '' }));
  };

  const onEvent = (ev: TrainerEvent) => {
    // Progress events are only queued (cheap); every other event updates the panel.
    if (ev.type !== 'heartbeat' && ev.type !== 'progress') markTrainingWork(ev.type);
    if (ev.type === 'dataset' || ev.type === 'dataset-error') {
      if (!pendingInspect || pendingInspect.requestId !== ev.requestId) return;
      const { choice } = pendingInspect;
      pendingInspect = null;
      const previous = get().dataset;
      if (ev.type === 'dataset') {
        set({ dataset: choice, datasetSummary: ev.summary, datasetStatus: 'ready', datasetMessage: null });
        if (!sameDataset(previous, choice)) service.release(previous);
      } else {
        set({ datasetStatus: get().datasetSummary ? 'ready' : 'error', datasetMessage: ev.message });
        if (!sameDataset(previous, choice)) service.release(choice);
      }
      return;
    }
    // Latency measurements are answered to their own listener (src/state/latency.ts).
    if (ev.type === 'ready' || ev.type === 'heartbeat' || ev.type === 'profiled' || ev.type === 'profile-error') return;
    // Learning-rate range tests are answered to theirs (src/state/lr-finder.ts).
    if (ev.type === 'lr-range-progress' || ev.type === 'lr-range-done' || ev.type === 'lr-range-error') return;
    // Inspect tab probes are answered to theirs (src/state/inspect-probes.ts).
    if (ev.type === 'probe-result' || ev.type === 'probe-error') return;
    const run = get().liveRun;
    if (!run || (ev.runId !== undefined && ev.runId !== run.id)) return;
    switch (ev.type) {
      case 'status':
        return updateRun((r) => ({ ...r, statusText: ev.text }));
      case 'backend':
        service.backendStarted(ev.name);
        updateRun((r) => ({ ...r, backend: { name: ev.name, reason: ev.reason, warning: ev.warning, tried: ev.tried } }));
        return persist();
      case 'progress':
        queued.push(ev.progress);
        return flush();
      case 'epoch':
        flush();
        updateRun((r) => applyEpoch(r, ev.metrics as EpochMetrics));
        return persist();
      case 'paused':
        flush(true);
        return updateRun((r) => ({ ...r, status: 'paused' }));
      case 'resumed':
        return updateRun((r) => ({ ...r, status: 'running' }));
      case 'done': {
        const { type: _t, runId: _r, weights, ...evaluation } = ev;
        finish('completed', { evaluation: evaluation as Evaluation, hasWeights: true });
        return persist(weights);
      }
      case 'stopped':
        finish('stopped', { hasWeights: true });
        return persist(ev.weights);
      case 'evaluation':
        updateRun((r) => ({ ...r, evaluation: ev.evaluation }));
        return persist();
      case 'exported':
        return;
      case 'error':
        if (run.status === 'running' || run.status === 'paused') {
          finish('failed', { error: ev.message });
          persist();
        }
        get().notify('error', ev.message);
        return;
    }
  };

  /** A run's 'start' until the page has painted the run's first frame (see startTraining); any command sent sooner sends it first. */
  let pendingStart: TrainerCommand | null = null;
  const trainer = (): TrainerClient => {
    const client = service.client();
    const start = pendingStart;
    pendingStart = null;
    if (start) client.send(start);
    return client;
  };

  const inspect = (choice: DatasetChoice) => {
    const design = activeDesign();
    const imageShape = (design && designIO(design).inputShape) ?? [28, 28, 1];
    set({ datasetStatus: 'loading', datasetMessage: null });
    trainer();
    // Files chosen but superseded before the worker answered are freed (unless they are the current dataset).
    const superseded = pendingInspect?.choice;
    if (superseded && !sameDataset(superseded, choice) && !sameDataset(superseded, get().dataset)) service.release(superseded);
    pendingInspect = { requestId: service.inspect(choice, imageShape), choice };
  };

  const liveId = () => {
    const r = get().liveRun;
    return r && (r.status === 'running' || r.status === 'paused') ? r.id : null;
  };

  return {
    trainingConfig: DEFAULT_TRAIN_CONFIG,
    trainingBackend: 'auto',
    trainingWorkers: 'auto',
    setTrainingWorkers(workers) {
      set({ trainingWorkers: workers === 'auto' || !(Number.isInteger(workers) && workers >= 1) ? 'auto' : workers });
    },
    earlyStoppingPatience: null,
    setEarlyStoppingPatience(patience) {
      set({ earlyStoppingPatience: patience !== null && Number.isInteger(patience) && patience >= 1 ? patience : null });
    },
    dataset: { kind: 'mnist' },
    datasetSummary: null,
    datasetStatus: 'idle',
    datasetMessage: null,
    liveRun: null,
    trainingRuns: [],
    setTrainingConfig(patch) {
      set((s) => ({ trainingConfig: { ...s.trainingConfig, ...patch } }));
    },
    setTrainingBackend(backend) {
      set({ trainingBackend: backend });
    },
    ensureDatasetInspected() {
      if (get().datasetStatus === 'idle') inspect(get().dataset);
    },
    followInputShape() {
      const s = get();
      const summary = s.datasetSummary;
      const design = activeDesign();
      const shape = design ? designIO(design).inputShape : null;
      if (!summary?.resizable || s.datasetStatus !== 'ready' || !shape || liveId() !== null) return false;
      if (shape.join('×') === summary.imageShape.join('×') || (shape[2] !== 1 && shape[2] !== 3)) return false;
      inspect(s.dataset);
      return true;
    },
    chooseDataset(files, label) {
      if (!files) return inspect({ kind: 'mnist' });
      inspect(service.storeFiles(files, label ?? datasetLabel(files.map((f) => f.name))));
    },
    datasetFitProblem() {
      const design = activeDesign();
      const summary = get().datasetSummary;
      if (!design || !summary) return null;
      return fitProblem(design, summary);
    },
    matchInputToDataset() {
      const summary = get().datasetSummary;
      if (!summary) return;
      get().updateDesign((d) => matchDesignToDataset(d, summary), { label: 'Match Input block to dataset' });
    },
    startTraining(options = {}) {
      markTrainingWork('start');
      const s = get();
      const variant = selectVariant(s, options.variantId ?? s.activeVariantId);
      if (!variant) return null;
      const config: TrainConfig = { ...s.trainingConfig, ...options.config };
      const initialWeights = variantWeights(variant.id);
      const evaluateOnly = options.evaluateOnly === true && initialWeights !== undefined;
      if (liveId()) {
        s.notify('error', 'A run is already training; stop it before starting another.');
        return null;
      }
      const errors = validateTrainConfig(config);
      const summary = s.datasetSummary;
      const problem = summary ? fitProblem(variant.design, summary) : null;
      if (errors.length || problem) {
        s.notify('error', [...errors, problem].filter(Boolean).join(' '));
        return null;
      }
      const id = newId('run');
      const choice = s.dataset;
      const datasetLabel = choice.kind === 'mnist' ? 'MNIST' : choice.label;
      const run: LiveRun = {
        id,
        variantId: variant.id,
        variantName: variant.name,
        design: variant.design,
        config,
        backendPreference: s.trainingBackend,
        datasetLabel,
        status: 'running',
        statusText: 'Starting worker…',
        startedAt: Date.now(),
        batchPoints: [],
        epochPoints: [],
        hasWeights: false,
      };
      queued = [];
      set({ liveRun: run });
      persist();
      const dataset = datasetRefOf(choice);
      // The worker's start-up (dataset, backend threads, compile) takes every core of a small machine for a moment: it
      // begins once the page has painted the run's first frame, which would otherwise be stretched into a long task.
      pendingStart = {
        type: 'start',
        runId: id,
        design: variant.design,
        config,
        dataset,
        backend: s.trainingBackend,
        workers: s.trainingWorkers,
        ...(initialWeights ? { initialWeights } : {}),
        ...(evaluateOnly ? { evaluateOnly } : {}),
        ...(s.earlyStoppingPatience !== null && !evaluateOnly ? { earlyStopping: { patience: s.earlyStoppingPatience } } : {}),
      };
      afterNextPaint(trainer); // trainer() sends the pending start
      return id;
    },
    pauseTraining() {
      const id = liveId();
      if (id) trainer().send({ type: 'pause', runId: id });
    },
    resumeTraining() {
      const id = liveId();
      if (id) trainer().send({ type: 'resume', runId: id });
    },
    stopTraining() {
      const id = liveId();
      if (!id) return;
      updateRun((r) => ({ ...r, statusText: 'Stopping after this batch…' }));
      trainer().send({ type: 'stop', runId: id });
    },
    evaluateRun() {
      const r = get().liveRun;
      if (r && r.hasWeights) trainer().send({ type: 'evaluate', runId: r.id });
    },
    exportRun() {
      const r = get().liveRun;
      if (!r || !r.hasWeights) return Promise.reject(new Error('No trained model to export: train (or stop) a run first.'));
      trainer();
      return service.exportModel(r.id);
    },
    async loadTrainingRuns() {
      try {
        const loaded = await service.loadRuns(liveId());
        if (!loaded) return;
        set({ trainingRuns: loaded.runs });
        for (const text of skippedNotices(loaded.skipped, 'saved run')) get().notify('error', text);
      } catch (err) {
        get().notify('error', errorMessage(err));
      }
    },
    async deleteTrainingRun(id) {
      await service.deleteRun(id);
      set((s) => ({ trainingRuns: s.trainingRuns.filter((r) => r.id !== id) }));
    },
  };
};

export type { BatchPoint, RunRecord, RunStatus };
