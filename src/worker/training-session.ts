import { BROWSER_TRAINING_MEMORY_LIMIT, designTrainingMemoryProblem } from '../core/graph/training-memory';
import type { Design } from '../core/graph/types';
import type { ImageDataset } from '../data/types';
import type { LoadedDataset } from '../data/dataset-summary';
import type { NamedBuffer } from '../data/dataset-errors';
import { datasetErrorMessage } from '../data/dataset-errors';
import { fitProblem, designIO } from '../data/dataset-fit';
import { splitProblem } from '../data/dataset-split';
import { nanLossMessage } from '../tf/pipeline/divergence';
import { runTraining, type TrainingSteps, type WeightsSnapshot } from '../tf/pipeline/run-training';
import { buildEvaluation, evaluationTransfers, type RawEvaluation } from './evaluation-report';
import {
  type BackendPreference,
  type DatasetRef,
  type DatasetSummary,
  type LrRangePointInfo,
  type LrRangeSettings,
  type TrainConfig,
  type TrainerCommand,
  type TrainerEvent,
  type WeightsBlob,
} from './protocol';
import { handleProbe, type ProbeDeps } from './probe-session';
import { ProgressThrottle } from './progress-throttle';
import { describeError, isFatalError } from './worker-errors';
import type { LatencyProfile } from '../core/profile/latency-types';

/**
 * Everything that touches tfjs or the network, injected so the session logic is testable in Node. train,
 * evaluate and snapshotWeights are the training pipeline's steps (src/tf/pipeline: tfTrainingSteps in the worker).
 */
export interface TrainerDeps<M> extends TrainingSteps<M, RawEvaluation> {
  loadDataset(ref: DatasetRef, imageShape: [number, number, number]): Promise<LoadedDataset>;
  /** Keeps / forgets user files by id (src/worker/dataset-store.ts). */
  storeDataset?(id: string, label: string, files: NamedBuffer[]): void;
  dropDataset?(id: string): void;
  prepareBackend(preferred: BackendPreference): Promise<{ backend: string; reason: string; warning?: string; tried: string[] }>;
  /** `seed` (the run's TrainConfig.seed) fixes the initial weights: the same on every backend. */
  compile(design: Design, seed?: number): M;
  saveWeights(model: M): Promise<WeightsBlob>;
  /** Sets the variables named in `weights` whose shapes still match; the rest keep their fresh initialisation. */
  loadWeights?(model: M, weights: WeightsBlob): InitialWeightsReport;
  exportModel(model: M): Promise<{ modelJson: string; weightsBin: ArrayBuffer }>;
  /** Learning-rate range test on `model` (src/tf/lr-range.ts); the session compiles a fresh model for it. */
  lrRange?(
    model: M,
    data: ImageDataset,
    config: TrainConfig,
    range: LrRangeSettings,
    callbacks: LrRangeHooks,
  ): Promise<{ points: LrRangePointInfo[]; stoppedEarly: boolean }>;
  /** Inference latency of a design at each batch size on the prepared backend (src/tf/profile). */
  profile?(design: Design, batches: number[], runs: number | undefined): Promise<LatencyProfile[]>;
  /** Inspect tab requests (src/worker/probe-session.ts, src/tf/inspect/probe.ts). */
  runProbe?: ProbeDeps['runProbe'];
  dispose(model: M): void;
  /** Yields to the event loop so pause/stop messages are seen between batches. */
  yieldToEvents(): Promise<void>;
  now(): number;
}

export type Post = (event: TrainerEvent, transfer?: Transferable[]) => void;

/** What a range test reports to the session and asks of it. */
export interface LrRangeHooks {
  onPoint(p: LrRangePointInfo): void;
  shouldStop(): boolean;
  yieldToEvents(): Promise<void>;
}

/** What loading a run's initial weights did. */
export interface InitialWeightsReport {
  loaded: number;
  /** Model variables that stayed freshly initialised (no weight of that name and shape). */
  fresh: string[];
}

/** The 'Training…' status line for a run started from given weights. */
export function initialWeightsStatus(r: InitialWeightsReport): string {
  const fresh = r.fresh.length ? `; ${r.fresh.length} tensor${r.fresh.length === 1 ? '' : 's'} changed since the import start fresh` : '';
  return `Training from the imported weights (${r.loaded} tensor${r.loaded === 1 ? '' : 's'}${fresh})…`;
}

interface ActiveRun<M> {
  runId: string;
  model: M | null;
  test: ImageDataset | null;
  batchSize: number;
  training: boolean;
  paused: boolean;
  stopRequested: boolean;
  resume: (() => void) | null;
}

/** The worker's state machine: one run at a time; the last model is kept for evaluate/export. */
export class TrainerSession<M> {
  private run: ActiveRun<M> | null = null;
  /** A latency measurement in progress: a run starting meanwhile waits for it (they would time each other). */
  private profiling: Promise<void> | null = null;

  constructor(
    private readonly deps: TrainerDeps<M>,
    private readonly post: Post,
  ) {}

  async handle(cmd: TrainerCommand): Promise<void> {
    switch (cmd.type) {
      case 'store-dataset':
        this.deps.storeDataset?.(cmd.datasetId, cmd.label, cmd.files);
        return;
      case 'drop-dataset':
        this.deps.dropDataset?.(cmd.datasetId);
        return;
      case 'inspect':
        try {
          const loaded = await this.deps.loadDataset(cmd.dataset, cmd.imageShape);
          const transfer = loaded.summary.samples.map((s) => s.pixels.slice().buffer);
          const summary = {
            ...loaded.summary,
            samples: loaded.summary.samples.map((s, i) => ({ label: s.label, pixels: new Float32Array(transfer[i]) })),
          };
          this.post({ type: 'dataset', requestId: cmd.requestId, summary }, transfer);
        } catch (err) {
          this.post({ type: 'dataset-error', requestId: cmd.requestId, message: datasetErrorMessage(err) });
        }
        return;
      case 'start':
        return this.start(cmd);
      case 'pause':
        if (this.isCurrent(cmd.runId) && this.run!.training && !this.run!.paused) {
          this.run!.paused = true;
          this.post({ type: 'paused', runId: cmd.runId });
        }
        return;
      case 'resume':
        if (this.isCurrent(cmd.runId) && this.run!.paused) this.unpause();
        return;
      case 'stop':
        if (this.isCurrent(cmd.runId) && this.run!.training) {
          this.run!.stopRequested = true;
          if (this.run!.paused) this.unpause();
        }
        return;
      case 'evaluate':
        return this.evaluate(cmd.runId);
      case 'export':
        return this.export(cmd.runId);
      case 'profile': {
        if (this.profiling) {
          this.post({ type: 'profile-error', requestId: cmd.requestId, message: 'A measurement is already running.' });
          return;
        }
        const done = this.profile(cmd).finally(() => {
          if (this.profiling === done) this.profiling = null;
        });
        this.profiling = done;
        return done;
      }
      case 'lr-range': {
        if (this.profiling) {
          this.post({ type: 'lr-range-error', requestId: cmd.requestId, message: 'A measurement is already running.' });
          return;
        }
        // Shares the measurement slot: a run starting meanwhile waits for it, a profile is refused.
        const done = this.lrRange(cmd).finally(() => {
          if (this.profiling === done) this.profiling = null;
        });
        this.profiling = done;
        return done;
      }
      case 'lr-range-stop':
        if (this.rangeTest?.requestId === cmd.requestId) this.rangeTest.stop = true;
        return;
      case 'probe':
        return handleProbe(cmd, this.deps, this.post, this.run?.training === true || this.profiling !== null);
    }
  }

  /** The range test in progress (its stop flag). */
  private rangeTest: { requestId: string; stop: boolean } | null = null;

  private async lrRange(cmd: Extract<TrainerCommand, { type: 'lr-range' }>): Promise<void> {
    const { requestId, design, config } = cmd;
    const fail = (message: string) => this.post({ type: 'lr-range-error', requestId, message });
    if (this.run?.training) return fail('A run is training: find the learning rate after it finishes.');
    if (!this.deps.lrRange) return fail('This worker cannot run a learning-rate range test.');
    let model: M | null = null;
    const test = { requestId, stop: false };
    this.rangeTest = test;
    try {
      const { inputShape } = designIO(design);
      if (!inputShape) throw new Error('The design has no Input block.');
      const { split, summary } = await this.deps.loadDataset(cmd.dataset, inputShape);
      const problem = fitProblem(design, summary);
      if (problem) throw new Error(problem);
      await this.deps.prepareBackend(cmd.backend ?? 'auto');
      // A fresh copy: the design's own weights (a trained run's, or imported ones) are never touched.
      model = this.deps.compile(design);
      if (cmd.initialWeights && this.deps.loadWeights) this.deps.loadWeights(model, cmd.initialWeights);
      let batch: LrRangePointInfo[] = [];
      const throttle = new ProgressThrottle(() => this.deps.now());
      const result = await this.deps.lrRange(model, split.train, config, cmd.range, {
        onPoint: (p) => {
          batch.push(p);
          if (throttle.due()) {
            this.post({ type: 'lr-range-progress', requestId, points: batch, steps: cmd.range.steps });
            batch = [];
          }
        },
        shouldStop: () => test.stop,
        yieldToEvents: () => this.deps.yieldToEvents(),
      });
      this.post({ type: 'lr-range-done', requestId, points: result.points, stoppedEarly: result.stoppedEarly });
    } catch (err) {
      fail(`The learning-rate range test failed: ${describeError(err)}`);
    } finally {
      if (model) this.deps.dispose(model);
      if (this.rangeTest === test) this.rangeTest = null;
    }
  }

  private async profile(cmd: Extract<TrainerCommand, { type: 'profile' }>): Promise<void> {
    const { requestId } = cmd;
    if (this.run?.training || !this.deps.profile) {
      const message = this.run?.training
        ? 'A run is training: measure latency after it finishes (they would slow each other down).'
        : 'This worker cannot measure latency.';
      this.post({ type: 'profile-error', requestId, message });
      return;
    }
    try {
      const b = await this.deps.prepareBackend(cmd.backend ?? 'auto');
      const profiles = await this.deps.profile(cmd.design, cmd.batches, cmd.runs);
      this.post({ type: 'profiled', requestId, profiles, backendDetail: `${b.backend} · ${b.reason}` });
    } catch (err) {
      this.post({ type: 'profile-error', requestId, message: `Could not measure latency: ${describeError(err)}` });
    }
  }

  private isCurrent(runId: string): boolean {
    return this.run !== null && this.run.runId === runId;
  }

  private unpause(): void {
    const run = this.run!;
    run.paused = false;
    const resume = run.resume;
    run.resume = null;
    resume?.();
    this.post({ type: 'resumed', runId: run.runId });
  }

  private async start(cmd: Extract<TrainerCommand, { type: 'start' }>): Promise<void> {
    const { runId, design, config } = cmd;
    if (this.profiling) await this.profiling;
    if (this.run?.training) {
      this.post({ type: 'error', runId, message: `Run ${this.run.runId} is still training; stop it first.` });
      return;
    }
    if (this.run?.model) this.deps.dispose(this.run.model);
    const run: ActiveRun<M> = {
      runId,
      model: null,
      test: null,
      batchSize: config.batchSize,
      training: true,
      paused: false,
      stopRequested: false,
      resume: null,
    };
    this.run = run;
    let nanLoss = false;
    try {
      const { inputShape } = designIO(design);
      if (!inputShape) throw new Error('The design has no Input block.');
      const tooBig = designTrainingMemoryProblem(design, config, BROWSER_TRAINING_MEMORY_LIMIT, 'for training in the browser');
      if (tooBig) throw new Error(tooBig);
      this.post({ type: 'status', runId, text: 'Loading dataset…' });
      const { split, summary } = await this.deps.loadDataset(cmd.dataset, inputShape);
      const problem =
        fitProblem(design, summary) ?? splitProblem({ name: summary.name, trainCount: split.train.count, testCount: split.test.count }, config);
      if (problem) throw new Error(problem);
      run.test = split.test;
      this.post({ type: 'status', runId, text: 'Starting backend…' });
      const b = await this.deps.prepareBackend(cmd.backend ?? 'auto');
      this.post({ type: 'backend', runId, name: b.backend, reason: b.reason, ...(b.warning ? { warning: b.warning } : {}), tried: b.tried });
      this.post({ type: 'status', runId, text: 'Compiling model…' });
      run.model = this.deps.compile(design, config.seed);
      const initial = cmd.initialWeights && this.deps.loadWeights ? this.deps.loadWeights(run.model, cmd.initialWeights) : null;
      const evaluateOnly = cmd.evaluateOnly === true && initial !== null;
      if (evaluateOnly && initial.fresh.length > 0) {
        const list = initial.fresh.slice(0, 4).join(', ') + (initial.fresh.length > 4 ? ', …' : '');
        throw new Error(
          `Cannot evaluate the imported weights: ${initial.fresh.length} tensor${initial.fresh.length === 1 ? '' : 's'} (${list}) no longer match the design, which was edited since the import. Train to fine-tune it instead.`,
        );
      }
      this.post({
        type: 'status',
        runId,
        text: evaluateOnly ? 'Evaluating the imported weights…' : initial ? initialWeightsStatus(initial) : 'Training…',
      });
      const throttle = new ProgressThrottle(() => this.deps.now());
      const outcome = await runTraining(
        this.deps,
        run.model,
        { train: split.train, test: split.test, config, evaluateOnly, ...(cmd.earlyStopping ? { earlyStopping: cmd.earlyStopping } : {}) },
        {
          onBatch: (p) => {
            if (throttle.due(p.batch === p.batchesPerEpoch - 1)) this.post({ type: 'progress', runId, progress: p, epochs: config.epochs });
          },
          onEpoch: (m) => this.post({ type: 'epoch', runId, metrics: m }),
          shouldStop: () => run.stopRequested,
          waitWhilePaused: async () => {
            await this.deps.yieldToEvents();
            while (run.paused && !run.stopRequested) await new Promise<void>((resolve) => (run.resume = resolve));
          },
          onStatus: (text) => this.post({ type: 'status', runId, text }),
          onTrainingEnd: () => (run.training = false),
          onDiverged: () => (nanLoss = true),
        },
      );
      run.training = false;
      if (outcome.status === 'diverged') {
        this.post({ type: 'error', runId, message: outcome.message, nanLoss: true });
        return;
      }
      const weights = await this.deps.saveWeights(run.model);
      if (outcome.status === 'stopped' || !outcome.evaluation) {
        this.post({ type: 'stopped', runId, weights, epochsCompleted: outcome.epochsCompleted }, [weights.weightData]);
        return;
      }
      const evaluation = buildEvaluation(split.test, outcome.evaluation);
      this.post({ type: 'done', runId, weights, ...evaluation }, [weights.weightData, ...evaluationTransfers(evaluation)]);
    } catch (err) {
      run.training = false;
      const message = describeError(err);
      // A wasm trap or out-of-memory leaves the backend broken: say so, so the page replaces this worker.
      const fatal = isFatalError(err);
      this.post({
        type: 'error',
        runId,
        message: nanLoss && !fatal ? nanLossMessage(config.learningRate) : message,
        nanLoss,
        ...(fatal ? { fatal } : {}),
      });
    }
  }

  private async evaluate(runId: string): Promise<void> {
    const run = this.run;
    if (!run || run.runId !== runId || !run.model || !run.test || run.training) {
      this.post({
        type: 'error',
        runId,
        message: 'Nothing to evaluate: this run has no trained model in the worker (it may be from an earlier session).',
      });
      return;
    }
    try {
      const evaluation = buildEvaluation(run.test, await this.deps.evaluate(run.model, run.test, run.batchSize));
      this.post({ type: 'evaluation', runId, evaluation }, evaluationTransfers(evaluation));
    } catch (err) {
      this.post({ type: 'error', runId, message: `Evaluation failed: ${describeError(err)}`, ...(isFatalError(err) ? { fatal: true } : {}) });
    }
  }

  private async export(runId: string): Promise<void> {
    const run = this.run;
    if (!run || run.runId !== runId || !run.model || run.training) {
      this.post({ type: 'error', runId, message: 'Nothing to export: this run has no trained model in the worker.' });
      return;
    }
    try {
      const { modelJson, weightsBin } = await this.deps.exportModel(run.model);
      this.post({ type: 'exported', runId, modelJson, weightsBin }, [weightsBin]);
    } catch (err) {
      this.post({ type: 'error', runId, message: `Export failed: ${describeError(err)}`, ...(isFatalError(err) ? { fatal: true } : {}) });
    }
  }
}
