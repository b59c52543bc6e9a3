/**
 * The pipeline's model operations for tfjs models (run-training.ts TrainingSteps): training with batch-norm
 * warm-up and per-epoch calibration (bn-calibration.ts), evaluation at batch ≥ 256, weight snapshots for
 * early stopping. The worker and the CLI both train through these.
 */
import * as tf from '@tensorflow/tfjs';
import { evaluateModel, type EvaluationResult } from '../evaluate';
import type { BatchStepRunner } from '../train-loop';
import { trainWithCalibratedBatchNorm } from './bn-calibration';
import type { TrainingSteps } from './run-training';

/** `runner`: data-parallel optimizer steps (src/tf/parallel); absent, the loop's own single-thread step. */
export function tfTrainingSteps(runner?: BatchStepRunner): TrainingSteps<tf.LayersModel, EvaluationResult> {
  return {
    train: (model, data, config, callbacks) => trainWithCalibratedBatchNorm(model, data, config, callbacks, runner),
    evaluate: (model, data, batchSize) => evaluateModel(model, data, Math.max(batchSize, 256)),
    snapshotWeights(model) {
      const copies = model.weights.map((w) => tf.clone(w.read()));
      return {
        restore: () => model.weights.forEach((w, i) => w.write(copies[i])),
        dispose: () => copies.forEach((t) => t.dispose()),
      };
    },
  };
}
