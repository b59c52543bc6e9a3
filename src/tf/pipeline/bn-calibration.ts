/**
 * Training with trustworthy batch-norm statistics in short runs.
 *
 * Keras' BN momentum 0.99 leaves the moving mean/variance far from the real ones after the ~100–300 steps
 * of a browser run, so inference (validation, test, export) scores near chance although the network has
 * learned. Two fixes around src/tf/train-loop.ts trainModel (the training pipeline, run-training.ts, uses this):
 *  1. a momentum warm-up during training (bn-warmup.ts);
 *  2. at the end of every epoch, with the weights fixed, the moving statistics are re-estimated as the
 *     plain average of batch statistics over a few training batches, and the validation metrics are
 *     recomputed with them (trainModel's own validation ran before the re-estimation).
 */
import * as tf from '@tensorflow/tfjs';
import type { ImageDataset } from '../../data/types';
import { evaluateModel } from '../evaluate';
import { subset } from '../train-data';
import {
  splitForValidation,
  trainModel,
  type BatchStepRunner,
  type EpochInfo,
  type TrainCallbacks,
  type TrainConfig,
  type TrainResult,
} from '../train-loop';
import { BatchNormWarmup } from './bn-warmup';

interface MomentumLayer {
  momentum: number;
  getClassName(): string;
}

function batchNormLayers(model: tf.LayersModel): MomentumLayer[] {
  return model.layers.filter((l) => l.getClassName() === 'BatchNormalization') as unknown as MomentumLayer[];
}

/** Training images used to re-estimate the statistics at the end of an epoch. */
export const CALIBRATION_IMAGES = 512;

/** Re-estimates BN moving statistics from `batches` training batches (cumulative average, weights unchanged). */
export function recalibrateBatchNorm(model: tf.LayersModel, data: ImageDataset, batches = 8, batchSize = 64): void {
  const layers = batchNormLayers(model);
  if (layers.length === 0 || data.count === 0) return;
  const configured = layers.map((l) => l.momentum);
  const [h, w, c] = data.imageShape;
  const size = h * w * c;
  const n = Math.min(batchSize, data.count);
  const stride = Math.max(1, Math.floor(data.count / (batches * n)));
  try {
    for (let b = 0; b < batches; b++) {
      // momentum i/(i+1) makes the moving value the plain mean of the batch statistics seen so far.
      layers.forEach((l) => (l.momentum = b / (b + 1)));
      const start = (b * n * stride) % Math.max(1, data.count - n + 1);
      tf.tidy(() => {
        const x = tf.tensor4d(data.images.subarray(start * size, (start + n) * size), [n, h, w, c]);
        model.apply(x, { training: true });
      });
    }
  } finally {
    layers.forEach((l, i) => (l.momentum = configured[i]));
  }
}

export async function trainWithCalibratedBatchNorm(
  model: tf.LayersModel,
  data: ImageDataset,
  config: TrainConfig,
  callbacks: Required<TrainCallbacks>,
  runner?: BatchStepRunner,
): Promise<TrainResult> {
  const warmup = new BatchNormWarmup(model.layers);
  if (warmup.count === 0) return trainModel(model, data, config, callbacks, runner);
  const { trainIdx, val } = splitForValidation(data, config);
  // A fixed, spread-out sample of training images for re-estimating the statistics.
  const step = Math.max(1, Math.floor(trainIdx.length / CALIBRATION_IMAGES));
  const picked = Array.from({ length: Math.min(CALIBRATION_IMAGES, trainIdx.length) }, (_, i) => trainIdx[i * step]);
  const train = subset(data, picked, `${data.name} (BN calibration)`);
  let pending: EpochInfo | null = null;
  const settleEpoch = async () => {
    const m = pending;
    pending = null;
    if (!m) return;
    recalibrateBatchNorm(model, train);
    if (val) {
      const v = await evaluateModel(model, val, 256);
      callbacks.onEpoch({ ...m, valLoss: v.loss, valAccuracy: v.accuracy });
    } else callbacks.onEpoch(m);
  };
  try {
    const result = await trainModel(
      model,
      data,
      config,
      {
        onBatch: callbacks.onBatch,
        shouldStop: callbacks.shouldStop,
        onEpoch: (m) => {
          pending = m;
        },
        waitWhilePaused: async () => {
          await settleEpoch();
          await callbacks.waitWhilePaused();
          warmup.beforeBatch();
        },
      },
      runner,
    );
    warmup.restore();
    if (pending) await settleEpoch();
    else if (result.status === 'stopped') recalibrateBatchNorm(model, train);
    return result;
  } finally {
    warmup.restore();
  }
}
