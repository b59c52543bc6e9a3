/**
 * The training configuration: what the settings form edits, the worker and `cli train` run, stored runs keep
 * (IndexedDB) and Python bundles start from. Its fields, limits and defaults are described once in
 * train-fields.ts; this file is only the shape.
 */

export type OptimizerName = 'sgd' | 'adam' | 'rmsprop';

export type LrSchedule = 'constant' | 'cosine';

/** Augmentation: random shift up to `shiftPixels` (zero fill) and a random horizontal flip. */
export interface Augment {
  shiftPixels: number;
  flip: boolean;
}

export interface TrainConfig {
  optimizer: OptimizerName;
  learningRate: number;
  /** SGD momentum (0 or absent = plain SGD). */
  momentum?: number;
  batchSize: number;
  epochs: number;
  /** Fraction of the training images held out for validation, 0..0.5. */
  validationSplit: number;
  /** Seed for the split, the shuffles and the augmentation. */
  seed: number;
  /** Use only the first `limit` training images. */
  limit?: number;
  augment?: Augment;
  /**
   * Learning-rate schedule over the whole run (all epochs). Absent or 'constant': `learningRate` every step.
   * 'cosine': linear warm-up over the first few steps to `learningRate`, then cosine decay to ~0 at the end.
   */
  schedule?: LrSchedule;
  /**
   * Wall-clock budget for the whole run in seconds (time spent paused does not count). When it is used up
   * the current epoch is closed (validated) and training ends as completed with `timeLimitReached`. With the
   * cosine schedule the decay follows whichever is further along: steps or time.
   */
  timeLimitSeconds?: number;
}

/** A field's place in a TrainConfig: a top-level key, or `augment.<key>` inside the augmentation object. */
export type TrainFieldKey = Exclude<keyof TrainConfig, 'augment'> | `augment.${keyof Augment}`;
