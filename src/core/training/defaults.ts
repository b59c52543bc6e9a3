import type { TrainConfig } from './train-config';
import type { TrainFieldSpec } from './train-field';
import { TRAIN_FIELDS } from './train-fields';

/** A config of every field's default (fields whose default is undefined are left out). */
export function defaultsOf(fields: readonly TrainFieldSpec[]): TrainConfig {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (f.default === undefined) continue;
    const [top, sub] = f.key.split('.');
    out[top] = sub === undefined ? f.default : { ...(out[top] as object | undefined), [sub]: f.default };
  }
  return out as unknown as TrainConfig;
}

/**
 * Default training configuration: the whole MNIST training set with Adam, a cosine learning-rate schedule
 * peaking at 5e-3 (batch 32) and a 3-minute budget — the schedule decays with time, so the run ends annealed
 * whether the budget or the epochs run out first (bench/browser-training.ts measures what it reaches).
 * The app, the worker and the Python bundles' recipe start from it; `cli train` / `cli explore` change a few.
 */
export const DEFAULT_TRAIN_CONFIG: TrainConfig = defaultsOf(TRAIN_FIELDS);
