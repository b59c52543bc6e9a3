/** Checking a training config against the field list: one message per bad field, naming it by its label. */
import { err, ok, type Result } from '../result';
import type { TrainConfig, TrainFieldKey } from './train-config';
import { acceptsValue, expectedText, fieldValue, type TrainFieldSpec } from './train-field';
import { TRAIN_FIELDS } from './train-fields';

export interface TrainConfigProblem {
  /** The field's key; a group key ('augment') when the group itself is not an object; '' for the whole config. */
  key: TrainFieldKey | string;
  label: string;
  /** What was found (undefined: missing). */
  value: unknown;
  /** What the field accepts, e.g. "an integer 1–4096". */
  expected: string;
  /** "<label> must be <expected>, got <value>". */
  message: string;
}

const GROUP_LABELS: Readonly<Record<string, string>> = { augment: 'Augmentation' };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A value as it appears in a message: text as typed, numbers as JavaScript prints them, objects as JSON. */
export function shownValue(v: unknown): string {
  return isRecord(v) || Array.isArray(v) ? JSON.stringify(v) : String(v);
}

function problem(key: string, label: string, value: unknown, expected: string): TrainConfigProblem {
  return { key, label, value, expected, message: `${label} must be ${expected}, got ${shownValue(value)}` };
}

/** Every problem with `value` as a training config, in field order (empty: it is valid). Unknown keys are ignored. */
export function trainConfigProblems(value: unknown, fields: readonly TrainFieldSpec[] = TRAIN_FIELDS): TrainConfigProblem[] {
  if (!isRecord(value)) return [problem('', 'Training settings', value, 'an object')];
  const out: TrainConfigProblem[] = [];
  const groups = [...new Set(fields.filter((f) => f.key.includes('.')).map((f) => f.key.split('.')[0]))];
  for (const g of groups) {
    if (value[g] !== undefined && !isRecord(value[g])) {
      const members = fields.filter((f) => f.key.startsWith(`${g}.`)).map((f) => f.key.slice(g.length + 1));
      out.push(problem(g, GROUP_LABELS[g] ?? g, value[g], `an object {${members.join(', ')}}`));
    }
  }
  for (const f of fields) {
    const [top, sub] = f.key.split('.');
    if (sub !== undefined && !isRecord(value[top])) continue; // group absent (or reported above)
    const v = fieldValue(value, f.key);
    if (v === undefined ? f.required : !acceptsValue(f, v)) out.push(problem(f.key, f.label, v, expectedText(f)));
  }
  return out;
}

/** Only the config's own fields (a stored run or a recipe file may carry more), in field order. */
export function pickTrainConfig(c: TrainConfig, fields: readonly TrainFieldSpec[] = TRAIN_FIELDS): TrainConfig {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = fieldValue(c, f.key);
    if (v === undefined) continue;
    const [top, sub] = f.key.split('.');
    out[top] = sub === undefined ? v : { ...(out[top] as object | undefined), [sub]: v };
  }
  return out as unknown as TrainConfig;
}

/**
 * The one validation of a training config (settings form, worker, training loop, CLI, recipe files): the
 * config's own fields when every field is valid, else every problem's message joined with '; '.
 */
export function checkTrainConfig(value: unknown): Result<TrainConfig> {
  const problems = trainConfigProblems(value);
  if (problems.length > 0) return err(problems.map((p) => p.message).join('; '));
  return ok(pickTrainConfig(value as TrainConfig));
}
