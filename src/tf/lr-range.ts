/**
 * Learning-rate range test ("LR finder", Smith 2015/2017): trains a model for a few hundred steps while the
 * learning rate grows exponentially from `minLr` to `maxLr`, recording the loss at each rate. The caller
 * passes a freshly compiled COPY of the design's model (the worker compiles one just for the test), so no
 * weights that matter are changed. Stops early once the smoothed loss exceeds `divergeFactor` × its best or
 * becomes NaN (the rates beyond are useless). The ramp and the suggestion rule are the core's
 * (src/core/explore/lr-finder.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { lrRangeSchedule } from '../core/explore/lr-finder';
import type { ImageDataset } from '../data/types';
import { checkDataFitsModel, crossEntropy, outputsProbabilities, toProbabilities } from './evaluate';
import { fillBatch, seededRandom, shuffleInPlace } from './train-data';
import { makeOptimizer, splitForValidation, type TrainConfig } from './train-loop';

/** Sets an optimizer's rate between steps (as train-loop.ts does for its schedule). */
function setRate(optimizer: tf.Optimizer, lr: number): void {
  const o = optimizer as unknown as { learningRate: number; setLearningRate?: (x: number) => void };
  if (typeof o.setLearningRate === 'function') o.setLearningRate(lr);
  else o.learningRate = lr;
}

export interface LrRangeOptions {
  minLr: number;
  maxLr: number;
  /** Optimizer steps (each at a larger rate), 10–1000. */
  steps: number;
  /** Stop once the smoothed loss exceeds this multiple of the best smoothed loss. Default 4. */
  divergeFactor?: number;
  /** EMA weight of the newest loss in `smoothed`. Default 0.05. */
  smoothing?: number;
}

export const DEFAULT_LR_RANGE: LrRangeOptions = { minLr: 1e-5, maxLr: 1, steps: 150, divergeFactor: 4, smoothing: 0.05 };

export interface LrRangePoint {
  lr: number;
  loss: number;
  /** Bias-corrected EMA of the loss (the divergence check's; the page re-smooths with the core's smoothLosses). */
  smoothed: number;
}

export interface LrRangeCallbacks {
  onPoint?(p: LrRangePoint, step: number): void;
  shouldStop?(): boolean;
  /** Awaited every few steps so messages (stop) get through. */
  yieldToEvents?(): Promise<void>;
}

/** Problems with the options (empty when usable): bounded work and a meaningful ramp. */
export function lrRangeProblems(o: LrRangeOptions): string[] {
  const p: string[] = [];
  if (!(o.minLr > 0 && Number.isFinite(o.minLr))) p.push(`the smallest rate must be positive, got ${o.minLr}`);
  if (!(o.maxLr > o.minLr && Number.isFinite(o.maxLr))) p.push(`the largest rate must be above the smallest, got ${o.maxLr}`);
  if (!(Number.isInteger(o.steps) && o.steps >= 10 && o.steps <= 1000)) p.push(`steps must be an integer 10–1000, got ${o.steps}`);
  return p;
}

/** Runs the range test on the training part of `data` (the config's split, batch size, optimizer and augmentation). */
export async function lrRangeTest(
  model: tf.LayersModel,
  data: ImageDataset,
  config: TrainConfig,
  options: LrRangeOptions = DEFAULT_LR_RANGE,
  callbacks: LrRangeCallbacks = {},
): Promise<{ points: LrRangePoint[]; stoppedEarly: boolean }> {
  const problems = lrRangeProblems(options);
  if (problems.length) throw new Error(`Learning-rate range test: ${problems.join('; ')}`);
  checkDataFitsModel(model, data);
  const { trainIdx } = splitForValidation(data, config);
  const [H, W, C] = data.imageShape;
  const size = H * W * C;
  const bs = Math.min(config.batchSize, trainIdx.length);
  const rand = seededRandom(config.seed);
  const order = shuffleInPlace(trainIdx.slice(), rand);
  const xBuf = new Float32Array(bs * size);
  const yBuf = new Int32Array(bs);
  const isProb = outputsProbabilities(model);
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const optimizer = makeOptimizer({ ...config, learningRate: options.minLr });
  const beta = options.smoothing ?? 0.05;
  const limit = options.divergeFactor ?? 4;
  const points: LrRangePoint[] = [];
  let ema = 0;
  let best = Infinity;
  let stoppedEarly = false;
  const batches = Math.max(1, Math.floor(order.length / bs));
  const rates = lrRangeSchedule(options.minLr, options.maxLr, options.steps);
  try {
    for (let i = 0; i < options.steps; i++) {
      if (i % 5 === 0) await callbacks.yieldToEvents?.();
      if (callbacks.shouldStop?.()) {
        stoppedEarly = true;
        break;
      }
      const lr = rates[i];
      setRate(optimizer, lr);
      const b = i % batches;
      fillBatch(data, order.subarray(b * bs, b * bs + bs), xBuf, yBuf, config.augment, rand);
      const loss = tf.tidy(() => {
        const x = tf.tensor4d(xBuf, [bs, H, W, C]);
        const y = tf.oneHot(tf.tensor1d(yBuf, 'int32'), data.numClasses) as tf.Tensor2D;
        const cost = optimizer.minimize(
          () => crossEntropy(toProbabilities(model.apply(x, { training: true }) as tf.Tensor, isProb), y),
          true,
          vars,
        ) as tf.Scalar;
        return cost.dataSync()[0];
      });
      if (!Number.isFinite(loss)) {
        stoppedEarly = true;
        break;
      }
      ema = beta * loss + (1 - beta) * ema;
      const smoothed = ema / (1 - (1 - beta) ** (i + 1));
      const point = { lr, loss, smoothed };
      points.push(point);
      callbacks.onPoint?.(point, i);
      best = Math.min(best, smoothed);
      if (i > 10 && smoothed > limit * best) {
        stoppedEarly = true;
        break;
      }
    }
  } finally {
    optimizer.dispose();
  }
  return { points, stoppedEarly };
}
