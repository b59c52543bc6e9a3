/**
 * The training recipe a Python bundle's train.py starts from: the TrainConfig of the app run that was exported,
 * or the app's defaults (both from src/core/training, the one description of every training setting).
 */
import { DEFAULT_TRAIN_CONFIG } from '../training/defaults';
import type { TrainConfig } from '../training/train-config';
import { pickTrainConfig, shownValue, trainConfigProblems } from '../training/validate';
import { errorMessage } from '../result';
import { ExportInputError } from './errors';
import type { ExportModel } from './export-model';
import { activationOf } from '../keras/layer-config';

/** A recipe is a training config; `learningRate` is the peak rate and `batchSize` the global batch (train.py splits it). */
export type TrainingRecipe = TrainConfig;

/** The app's default training settings. */
export const DEFAULT_RECIPE: TrainingRecipe = pickTrainConfig(DEFAULT_TRAIN_CONFIG);

/** Only the recipe's own fields (a TrainConfig may carry more), in a stable order. */
export function recipeFields(r: TrainingRecipe): TrainingRecipe {
  return pickTrainConfig(r);
}

/** True when the model's first output is softmax probabilities (the loss then takes their log), not logits. */
export function outputsProbabilities(model: ExportModel): boolean {
  const last = model.layers.find((l) => l.name === model.outputs[0]);
  if (!last || last.className === 'InputLayer') return false;
  if (last.className === 'Softmax') return true;
  return last.config.activation !== undefined && activationOf(last) === 'softmax';
}

/** Written by `cli train --out` next to model.json; `cli export` reads it as the recipe. */
export const TRAIN_CONFIG_FILE = 'train-config.json';

/** A recipe from JSON text (a TrainConfig); throws ExportInputError naming the first bad field by its key. */
export function parseRecipe(text: string, source: string): TrainingRecipe {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new ExportInputError(`${source}: not JSON (${errorMessage(e)})`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ExportInputError(`${source}: expected a training config object`);
  const bad = trainConfigProblems(v)[0];
  if (bad)
    throw new ExportInputError(
      `${source}: ${bad.key} must be ${bad.expected}, got ${typeof bad.value === 'string' ? JSON.stringify(bad.value) : shownValue(bad.value)}`,
    );
  return recipeFields(v as TrainingRecipe);
}
