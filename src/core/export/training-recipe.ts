/**
 * The training recipe a Python bundle's train.py starts from: the TrainConfig of the app run that was exported
 * (structurally the same fields; core does not import the tfjs side), or the app's defaults.
 */
import { ExportInputError } from './errors';
import type { ExportModel } from './export-model';
import { activationOf } from './layer-params';

export interface TrainingRecipe {
  optimizer: 'sgd' | 'adam' | 'rmsprop';
  /** Peak learning rate. */
  learningRate: number;
  momentum?: number;
  /** Global batch size (train.py splits it over the processes). */
  batchSize: number;
  epochs: number;
  validationSplit: number;
  seed: number;
  limit?: number;
  augment?: { shiftPixels: number; flip: boolean };
  schedule?: 'constant' | 'cosine';
  timeLimitSeconds?: number;
}

/** The app's default training settings (worker/protocol.ts DEFAULT_TRAIN_CONFIG; a test keeps them equal). */
export const DEFAULT_RECIPE: TrainingRecipe = {
  optimizer: 'adam',
  learningRate: 0.005,
  momentum: 0.9,
  batchSize: 32,
  epochs: 2,
  validationSplit: 0.05,
  seed: 42,
  schedule: 'cosine',
  timeLimitSeconds: 180,
  augment: { shiftPixels: 0, flip: false },
};

/** Only the recipe's own fields (a TrainConfig may carry more), in a stable order. */
export function recipeFields(r: TrainingRecipe): TrainingRecipe {
  const out: TrainingRecipe = {
    optimizer: r.optimizer,
    learningRate: r.learningRate,
    batchSize: r.batchSize,
    epochs: r.epochs,
    validationSplit: r.validationSplit,
    seed: r.seed,
  };
  if (r.momentum !== undefined) out.momentum = r.momentum;
  if (r.limit !== undefined) out.limit = r.limit;
  if (r.augment) out.augment = { shiftPixels: r.augment.shiftPixels, flip: r.augment.flip };
  if (r.schedule !== undefined) out.schedule = r.schedule;
  if (r.timeLimitSeconds !== undefined) out.timeLimitSeconds = r.timeLimitSeconds;
  return out;
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

const positive = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;
const positiveInt = (v: unknown): v is number => positive(v) && Number.isInteger(v);

/** A recipe from JSON text (a TrainConfig); throws ExportInputError naming the first bad field. */
export function parseRecipe(text: string, source: string): TrainingRecipe {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new ExportInputError(`${source}: not JSON (${(e as Error).message})`);
  }
  const r = v as Partial<TrainingRecipe> | null;
  const bad = (field: string, want: string): never => {
    throw new ExportInputError(`${source}: ${field} must be ${want}, got ${JSON.stringify((r as Record<string, unknown> | null)?.[field])}`);
  };
  if (typeof r !== 'object' || r === null || Array.isArray(r)) throw new ExportInputError(`${source}: expected a training config object`);
  if (!['sgd', 'adam', 'rmsprop'].includes(r.optimizer as string)) bad('optimizer', 'sgd, adam or rmsprop');
  if (!positive(r.learningRate)) bad('learningRate', 'a positive number');
  if (!positiveInt(r.batchSize)) bad('batchSize', 'a positive integer');
  if (!positiveInt(r.epochs)) bad('epochs', 'a positive integer');
  if (!(typeof r.validationSplit === 'number' && r.validationSplit >= 0 && r.validationSplit <= 0.5)) bad('validationSplit', 'in [0, 0.5]');
  if (!Number.isInteger(r.seed)) bad('seed', 'an integer');
  if (r.momentum !== undefined && !(typeof r.momentum === 'number' && r.momentum >= 0 && r.momentum < 1)) bad('momentum', 'in [0, 1)');
  if (r.limit !== undefined && !positiveInt(r.limit)) bad('limit', 'a positive integer');
  if (r.schedule !== undefined && r.schedule !== 'constant' && r.schedule !== 'cosine') bad('schedule', 'constant or cosine');
  if (r.timeLimitSeconds !== undefined && !positive(r.timeLimitSeconds)) bad('timeLimitSeconds', 'a positive number');
  if (
    r.augment !== undefined &&
    !(
      typeof r.augment === 'object' &&
      r.augment !== null &&
      Number.isInteger(r.augment.shiftPixels) &&
      r.augment.shiftPixels >= 0 &&
      typeof r.augment.flip === 'boolean'
    )
  ) {
    bad('augment', '{"shiftPixels": integer >= 0, "flip": boolean}');
  }
  return recipeFields(r as TrainingRecipe);
}
