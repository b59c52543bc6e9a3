/**
 * What `cli train` and `cli explore` need to train a design: build its tf model (seeded), then the one training
 * pipeline the browser worker uses too (src/tf/pipeline/run-training.ts with tfTrainingSteps: batch-norm warm-up
 * and calibration, divergence watch, time limit, final evaluation). Imports tfjs: load it lazily
 * (`await import('./train-design')`) from commands.
 */
import type { Design } from '../core/graph/types';
import { compileDesign } from '../tf/compile';
import { errorMessage } from '../core/result';

export { runTraining } from '../tf/pipeline/run-training';
export { tfTrainingSteps } from '../tf/pipeline/tf-steps';

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
