/**
 * The one training pipeline, used by the worker (src/worker/training-session.ts) and by `cli train` /
 * `cli explore`: the training loop with batch-norm warm-up and calibration (tfTrainingSteps, tf-steps.ts),
 * the divergence watch (NaN or blown-up loss stops the run), optional early stopping (best epoch's weights
 * kept), the time limit (TrainConfig.timeLimitSeconds, enforced by trainModel) and the final evaluation on
 * the test set. Generic over the model so the worker's session logic can be tested without tfjs.
 */
import { EARLY_STOPPING_START, earlyStoppingStep } from '../../core/explore/early-stopping';
import type { ImageDataset } from '../../data/types';
import type { BatchInfo, EpochInfo, TrainCallbacks, TrainConfig } from '../train-loop';
import { blownUpLossMessage, DivergenceWatch, nanLossMessage } from './divergence';

/** What the training step reports (src/tf/train-loop.ts TrainResult; stand-ins may leave the numbers out). */
export interface TrainSummary {
  /** 'diverged' carries the NaN message. */
  status: string;
  message?: string;
  timeLimitReached?: boolean;
  imagesPerSecond?: number;
  seconds?: number;
}

/** A copy of a model's weights (early stopping keeps the best epoch's): restore puts them back. */
export interface WeightsSnapshot {
  restore(): void;
  dispose(): void;
}

/** The model operations the pipeline runs: tfTrainingSteps (tf-steps.ts) for tfjs models, stand-ins in tests. */
export interface TrainingSteps<M, E> {
  train(model: M, data: ImageDataset, config: TrainConfig, callbacks: Required<TrainCallbacks>): Promise<TrainSummary>;
  evaluate(model: M, data: ImageDataset, batchSize: number): Promise<E>;
  /** Needed for early stopping (without it early stopping is off). */
  snapshotWeights?(model: M): WeightsSnapshot;
}

export interface TrainingJob {
  train: ImageDataset;
  /** Scored after a completed run; absent: no final evaluation. */
  test?: ImageDataset;
  config: TrainConfig;
  /** Stop when validation accuracy has not improved for `patience` epochs; the best epoch's weights are kept. */
  earlyStopping?: { patience: number };
  /** No training: the model (imported weights) is only evaluated. */
  evaluateOnly?: boolean;
}

/** What the caller sees of a run (all optional). */
export interface PipelineHooks {
  /** After every batch that did not trip the divergence watch. */
  onBatch?(p: BatchInfo): void;
  onEpoch?(m: EpochInfo): void;
  shouldStop?(): boolean;
  waitWhilePaused?(): Promise<void>;
  /** Status lines: early stopping, 'Evaluating on the test set…'. */
  onStatus?(text: string): void;
  /** Training is over (the final evaluation may follow). */
  onTrainingEnd?(): void;
  /** The loss diverged: the run is being stopped. */
  onDiverged?(): void;
}

export type TrainingOutcome<E> =
  | { status: 'diverged'; message: string; epochsCompleted: number }
  | { status: 'stopped'; epochsCompleted: number }
  | {
      status: 'completed';
      epochsCompleted: number;
      timeLimitReached: boolean;
      /** The final evaluation on job.test (null without a test set). */
      evaluation: E | null;
      imagesPerSecond: number;
      seconds: number;
    };

/** The status line before the final evaluation. */
export function evaluationStatus(evaluateOnly: boolean, timeLimitReached: boolean, epochs: number): string {
  const why = evaluateOnly
    ? 'Evaluating the imported weights'
    : timeLimitReached
      ? `Time limit reached after ${epochs} epoch${epochs === 1 ? '' : 's'}; evaluating`
      : 'Evaluating';
  return `${why} on the test set…`;
}

/** Trains `model` on job.train with job.config, then evaluates it on job.test (see the file comment). */
export async function runTraining<M, E>(
  steps: TrainingSteps<M, E>,
  model: M,
  job: TrainingJob,
  hooks: PipelineHooks = {},
): Promise<TrainingOutcome<E>> {
  const { config } = job;
  const userStop = () => hooks.shouldStop?.() === true;
  let stopNow = false;
  let diverged = false;
  let epochsDone = 0;
  const watch = new DivergenceWatch(job.train.numClasses);
  const early = job.earlyStopping && steps.snapshotWeights ? { patience: job.earlyStopping.patience, mode: 'max' as const } : null;
  let earlyState = EARLY_STOPPING_START;
  let bestEpoch = -1;
  let best: WeightsSnapshot | null = null;
  let earlyStopped = false;
  const flagDiverged = () => {
    diverged = true;
    stopNow = true;
    hooks.onDiverged?.();
  };
  let result: TrainSummary = { status: 'completed' };
  try {
    if (!job.evaluateOnly) {
      result = await steps.train(model, job.train, config, {
        onBatch: (p) => {
          if (watch.observe(p.loss)) return flagDiverged();
          hooks.onBatch?.(p);
        },
        onEpoch: (m) => {
          epochsDone += 1;
          if (!Number.isFinite(m.loss)) flagDiverged();
          hooks.onEpoch?.(m);
          if (early && m.valAccuracy !== undefined && !stopNow && !userStop()) {
            earlyState = earlyStoppingStep(earlyState, m.valAccuracy, early);
            if (earlyState.improved) {
              bestEpoch = m.epoch;
              best?.dispose();
              best = steps.snapshotWeights!(model);
            } else if (earlyState.stop) {
              earlyStopped = true;
              stopNow = true;
            }
          }
        },
        shouldStop: () => stopNow || userStop(),
        waitWhilePaused: () => hooks.waitWhilePaused?.() ?? Promise.resolve(),
      });
    }
    hooks.onTrainingEnd?.();
    const kept = best as WeightsSnapshot | null;
    if (earlyStopped && kept) {
      // Early stopping: back to the best epoch's weights, then evaluated like a completed run.
      kept.restore();
      const patience = early?.patience ?? 0;
      const score = ((earlyState.best ?? 0) * 100).toFixed(2);
      hooks.onStatus?.(
        `Early stopping: no improvement for ${patience} epoch${patience === 1 ? '' : 's'}; kept epoch ${bestEpoch + 1} (${score}% validation)`,
      );
    }
  } finally {
    (best as WeightsSnapshot | null)?.dispose();
  }
  if (diverged || result.status === 'diverged') {
    const blownUp = watch.tripped !== null && Number.isFinite(watch.tripped);
    const message = blownUp
      ? blownUpLossMessage(watch.tripped!, watch.chanceLoss, config.learningRate)
      : (result.message ?? nanLossMessage(config.learningRate));
    return { status: 'diverged', message, epochsCompleted: epochsDone };
  }
  if (userStop() && !earlyStopped) return { status: 'stopped', epochsCompleted: epochsDone };
  const timeLimitReached = result.timeLimitReached === true;
  let evaluation: E | null = null;
  if (job.test) {
    hooks.onStatus?.(evaluationStatus(job.evaluateOnly === true, timeLimitReached, epochsDone));
    evaluation = await steps.evaluate(model, job.test, config.batchSize);
  }
  return {
    status: 'completed',
    epochsCompleted: epochsDone,
    timeLimitReached,
    evaluation,
    imagesPerSecond: result.imagesPerSecond ?? 0,
    seconds: result.seconds ?? 0,
  };
}
