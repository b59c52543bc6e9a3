/**
 * The training loop used by the worker and the CLI: a custom minibatch loop (optimizer.minimize) over an
 * in-memory ImageDataset with seeded shuffling, optional augmentation, a held-out validation split,
 * pause/stop hooks, throughput reporting and NaN/Infinity detection. Leaves no tensors behind.
 */
import * as tf from '@tensorflow/tfjs';
import type { ImageDataset } from '../data/types';
import { checkDataFitsModel, crossEntropy, evaluateModel, outputsProbabilities, toProbabilities } from './evaluate';
import { fillBatch, range, seededRandom, shuffleInPlace, subset } from './train-data';
import type { LrSchedule, TrainConfig } from '../core/training/train-config';
import { trainConfigProblems as fieldProblems } from '../core/training/validate';

/** The config type lives in core (src/core/training: the one description of every training setting). */
export type { LrSchedule, TrainConfig };

/** Warm-up steps of the cosine schedule: 3% of the run, at least 1, at most 200. */
export function warmupSteps(totalSteps: number): number {
  return Math.max(1, Math.min(200, Math.round(totalSteps * 0.03)));
}

/** Share of a time budget after which the warm-up is over, however few steps ran (short time-limited runs). */
export const WARMUP_TIME_SHARE = 0.03;

/**
 * The learning rate for optimizer step `step` (0-based) of `totalSteps`. `timeFraction` (0..1) is the share of
 * a time budget already used; the warm-up and the cosine decay each follow whichever of steps and time is
 * further along, so a run stopped by its time limit ends annealed even when it ran fewer steps than the warm-up.
 */
export function scheduledLearningRate(peak: number, schedule: LrSchedule | undefined, step: number, totalSteps: number, timeFraction = 0): number {
  if (schedule !== 'cosine' || totalSteps <= 1) return peak;
  const warm = warmupSteps(totalSteps);
  const warmed = Math.max((step + 1) / warm, timeFraction / WARMUP_TIME_SHARE);
  if (warmed < 1) return peak * warmed;
  const byStep = Math.max(0, (step - warm + 1) / Math.max(1, totalSteps - warm));
  const progress = Math.min(1, Math.max(byStep, timeFraction));
  return peak * 0.5 * (1 + Math.cos(Math.PI * progress));
}

function setOptimizerLearningRate(optimizer: tf.Optimizer, lr: number): void {
  const o = optimizer as unknown as { learningRate: number; setLearningRate?: (x: number) => void };
  if (typeof o.setLearningRate === 'function') o.setLearningRate(lr);
  else o.learningRate = lr;
}

/** Progress after a batch; also what the worker posts to the page (worker/protocol.ts BatchProgress). */
export interface BatchInfo {
  epoch: number;
  batch: number;
  batchesPerEpoch: number;
  loss: number;
  accuracy: number;
  imagesPerSecond: number;
  /** The learning rate this batch's optimizer step used (the schedule's value; absent from older records). */
  learningRate?: number;
}

/** Metrics of a finished epoch; also what the worker posts to the page (worker/protocol.ts EpochMetrics). */
export interface EpochInfo {
  epoch: number;
  loss: number;
  accuracy: number;
  valLoss?: number;
  valAccuracy?: number;
  seconds: number;
}

export interface TrainCallbacks {
  onBatch?(info: BatchInfo): void;
  onEpoch?(info: EpochInfo): void;
  shouldStop?(): boolean;
  waitWhilePaused?(): Promise<void>;
}

/**
 * Replaces the loop's own optimizer step — data-parallel training (src/tf/parallel) plugs in here. `step`
 * runs one optimizer step with `optimizer` (whose learning rate the loop has already set) on the first `n`
 * images of `x` (n·H·W·C values) with labels `labels`, and returns the batch-mean loss and the correct count.
 */
export interface BatchStepRunner {
  step(x: Float32Array, labels: Int32Array, n: number, optimizer: tf.Optimizer): Promise<{ loss: number; hits: number }>;
}

export interface TrainResult {
  /** 'diverged': the loss became NaN/Infinity (see message). */
  status: 'completed' | 'stopped' | 'diverged';
  /** True when the run ended because `timeLimitSeconds` was used up (status is then 'completed'). */
  timeLimitReached?: boolean;
  epochsCompleted: number;
  history: EpochInfo[];
  /** Training images per second over the whole run (excluding validation). */
  imagesPerSecond: number;
  seconds: number;
  message?: string;
}

export function divergedMessage(lr: number, epoch: number, batch: number): string {
  return `Training diverged: the loss became NaN/Infinity at epoch ${epoch + 1}, batch ${batch + 1} with learning rate ${lr}. Try a lower learning rate (e.g. ${lr / 10}).`;
}

/** Returns messages naming every bad field (empty when the config is usable): src/core/training's validation. */
export function trainConfigProblems(c: TrainConfig): string[] {
  return fieldProblems(c).map((p) => p.message);
}

export function makeOptimizer(c: TrainConfig): tf.Optimizer {
  switch (c.optimizer) {
    case 'adam':
      return tf.train.adam(c.learningRate);
    case 'rmsprop':
      return tf.train.rmsprop(c.learningRate);
    default:
      return c.momentum ? tf.train.momentum(c.learningRate, c.momentum) : tf.train.sgd(c.learningRate);
  }
}

/**
 * Splits (seeded) into training indices and a validation copy after applying `limit`. Training images are
 * not copied: batches are gathered from `data` by index.
 */
export function splitForValidation(data: ImageDataset, c: TrainConfig): { trainIdx: Uint32Array; val: ImageDataset | null } {
  const n = Math.min(data.count, c.limit ?? data.count);
  const nVal = Math.floor(n * c.validationSplit);
  if (nVal === 0) return { trainIdx: range(n), val: null };
  const order = shuffleInPlace(range(n), seededRandom(c.seed ^ 0x5eed));
  const nTrain = n - nVal;
  if (nTrain < 1) throw new Error(`${data.name}: no training images left after the validation split`);
  return { trainIdx: order.slice(0, nTrain), val: subset(data, order.subarray(nTrain), `${data.name} (validation)`) };
}

export async function trainModel(
  model: tf.LayersModel,
  data: ImageDataset,
  config: TrainConfig,
  callbacks: TrainCallbacks = {},
  runner?: BatchStepRunner,
): Promise<TrainResult> {
  const problems = trainConfigProblems(config);
  if (problems.length > 0) throw new Error(`Invalid training config: ${problems.join('; ')}`);
  if (data.count === 0) throw new Error(`${data.name}: the dataset has no images`);
  checkDataFitsModel(model, data);
  const { trainIdx: order, val } = splitForValidation(data, config);
  const train = data;
  const trainCount = order.length;
  const [H, W, C] = train.imageShape;
  const size = H * W * C;
  const k = train.numClasses;
  const bs = Math.min(config.batchSize, trainCount);
  const batchesPerEpoch = Math.ceil(trainCount / bs);
  const isProb = outputsProbabilities(model);
  const rand = seededRandom(config.seed);
  const xBuf = new Float32Array(bs * size);
  const yBuf = new Int32Array(bs);
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  if (vars.length === 0) throw new Error('the model has no trainable weights');
  const optimizer = makeOptimizer(config);
  const totalSteps = batchesPerEpoch * config.epochs;
  const scheduled = config.schedule === 'cosine';
  let step = 0;
  const history: EpochInfo[] = [];
  const runStart = performance.now();
  let trainSeconds = 0;
  let imagesSeen = 0;
  let status: TrainResult['status'] = 'completed';
  let message: string | undefined;
  let pausedMs = 0;
  let timeUp = false;
  const limitMs = (config.timeLimitSeconds ?? Infinity) * 1000;
  const activeMs = () => performance.now() - runStart - pausedMs;
  try {
    for (let epoch = 0; epoch < config.epochs && status === 'completed'; epoch++) {
      shuffleInPlace(order, rand);
      const epochStart = performance.now();
      let lossSum = 0;
      let correct = 0;
      let seen = 0;
      for (let b = 0; b < batchesPerEpoch; b++) {
        const p0 = performance.now();
        await callbacks.waitWhilePaused?.();
        pausedMs += performance.now() - p0;
        if (callbacks.shouldStop?.()) {
          status = 'stopped';
          break;
        }
        if (activeMs() >= limitMs) {
          timeUp = true;
          break;
        }
        const t0 = performance.now();
        let learningRate = config.learningRate;
        if (scheduled) {
          const timeFraction = Math.min(1, activeMs() / limitMs);
          learningRate = scheduledLearningRate(config.learningRate, config.schedule, step, totalSteps, timeFraction);
          setOptimizerLearningRate(optimizer, learningRate);
        }
        step++;
        const n = Math.min(bs, trainCount - b * bs);
        fillBatch(train, order.subarray(b * bs, b * bs + n), xBuf, yBuf, config.augment, rand);
        const [loss, hits] = runner
          ? await runner.step(xBuf, yBuf, n, optimizer).then((r): [number, number] => [r.loss, r.hits])
          : tf.tidy(() => {
              const x = tf.tensor4d(xBuf.subarray(0, n * size), [n, H, W, C]);
              const y = tf.oneHot(tf.tensor1d(yBuf.subarray(0, n), 'int32'), k) as tf.Tensor2D;
              let hitsT: tf.Tensor | null = null;
              const cost = optimizer.minimize(
                () => {
                  const p = toProbabilities(model.apply(x, { training: true }) as tf.Tensor, isProb);
                  hitsT = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(p, -1), tf.argMax(y, -1)), 'float32')));
                  return crossEntropy(p, y);
                },
                true,
                vars,
              ) as tf.Scalar;
              const h = hitsT as unknown as tf.Tensor;
              const out: [number, number] = [cost.dataSync()[0], h.dataSync()[0]];
              h.dispose();
              return out;
            });
        const dt = performance.now() - t0;
        trainSeconds += dt / 1000;
        lossSum += loss * n;
        correct += hits;
        seen += n;
        imagesSeen += n;
        const info: BatchInfo = {
          epoch,
          batch: b,
          batchesPerEpoch,
          loss,
          accuracy: hits / n,
          imagesPerSecond: seen / ((performance.now() - epochStart) / 1000),
          learningRate,
        };
        callbacks.onBatch?.(info);
        if (!Number.isFinite(loss)) {
          status = 'diverged';
          message = divergedMessage(config.learningRate, epoch, b);
          break;
        }
      }
      if (status !== 'completed' || seen === 0) break;
      const ep: EpochInfo = { epoch, loss: lossSum / seen, accuracy: correct / seen, seconds: 0 };
      if (val) {
        const v = await evaluateModel(model, val, Math.max(bs, 256));
        ep.valLoss = v.loss;
        ep.valAccuracy = v.accuracy;
      }
      ep.seconds = (performance.now() - epochStart) / 1000;
      history.push(ep);
      callbacks.onEpoch?.(ep);
      if (timeUp) break;
    }
  } finally {
    optimizer.dispose();
  }
  return {
    status,
    ...(timeUp ? { timeLimitReached: true } : {}),
    epochsCompleted: history.length,
    history,
    imagesPerSecond: trainSeconds > 0 ? imagesSeen / trainSeconds : 0,
    seconds: (performance.now() - runStart) / 1000,
    ...(message ? { message } : {}),
  };
}
