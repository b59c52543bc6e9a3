/**
 * The training recipe of `cli train`, shared with `cli explore`: build the tf model of a design, run the
 * training loop (src/tf/train-loop.ts trainModel) with a TrainConfig (time limit included), then re-estimate
 * the batch-norm statistics from training images so that evaluation right after a short run is trustworthy.
 * Imports tfjs: load it lazily (`await import('./train-design')`) from commands.
 */
import type { Design } from '../core/graph/types';
import type { ImageDataset } from '../data/types';
import { compileDesign } from '../tf/compile';
import { type BatchStepRunner, type TrainCallbacks, type TrainConfig, type TrainResult, trainModel } from '../tf/train-loop';
import { recalibrateBatchNorm } from '../worker/bn-calibrated-training';
import { errorMessage } from '../core/result';

/** The tf.LayersModel compileDesign builds (named without importing tfjs here). */
export type TrainableModel = ReturnType<typeof compileDesign>;

/**
 * compileDesign with an error that names what could not be built; with `seed`, the random initializers are
 * seeded from it (as the worker does with the run's TrainConfig.seed), so the same seed gives the same start.
 */
export function buildTrainableModel(design: Design, what: string, seed?: number): TrainableModel {
  try {
    return compileDesign(design, seed === undefined ? {} : { seed });
  } catch (e) {
    throw new Error(`${what}: cannot build the model: ${errorMessage(e)}`);
  }
}

/**
 * Trains `model` on `trainSet` with `config`; unless it diverged, re-estimates the BN moving statistics
 * (Keras' momentum 0.99 leaves them lagging after short runs: a 5,000-image run scored ~12% on test without
 * this) from 1,024 training images with the final weights. `runner`: data-parallel steps (src/tf/parallel).
 */
export async function trainWithCliRecipe(
  model: TrainableModel,
  trainSet: ImageDataset,
  config: TrainConfig,
  callbacks: TrainCallbacks = {},
  runner?: BatchStepRunner,
): Promise<TrainResult> {
  const res = await trainModel(model, trainSet, config, callbacks, runner);
  if (res.status !== 'diverged') recalibrateBatchNorm(model, trainSet, 16, 64);
  return res;
}
