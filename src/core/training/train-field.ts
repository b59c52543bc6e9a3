/**
 * The field descriptor of a training setting: the block FieldSpec shapes (src/core/blocks/block-def.ts: type,
 * label, limits, unit, help) plus what a training setting also needs — where it sits in a TrainConfig, whether
 * it may be absent, its CLI flag and its settings-form hints. The form, validation, defaults and CLI flags are all
 * generated from a list of these (train-fields.ts).
 */
import type { FieldSpec } from '../blocks/block-def';
import type { TrainConfig, TrainFieldKey } from './train-config';

type Shape<T extends FieldSpec['type']> = Omit<Extract<FieldSpec, { type: T }>, 'key' | 'default'>;

/** How `cli train` / `cli explore` spell a field. Enums list their options in the usage; bool fields are switches. */
export interface CliFlag {
  flag: `--${string}`;
  /** Placeholder in the usage line, e.g. 'N' or 'SECONDS' (numbers only). */
  usage?: string;
}

/** What the settings form needs beyond the label and the limits. */
export interface FormHints {
  testId: string;
  /** The number input's step ('any': free). */
  step?: number | 'any';
  /** Shown when empty; an optional field with a placeholder can be cleared (absent: all images, no time limit). */
  placeholder?: string;
  /** Shown in another unit: value / factor, rounded to `decimals` (the time limit in minutes). */
  scale?: { factor: number; unit: string; decimals: number };
  /** Option texts of an enum, by option. */
  optionLabels?: Readonly<Record<string, string>>;
  /** Shown only when this holds (momentum: SGD only). */
  visible?(c: TrainConfig): boolean;
}

interface Extras {
  key: TrainFieldKey;
  /** False: a config may leave it out (fields under `augment` are required once `augment` is given). */
  required: boolean;
  help: string;
  cli: CliFlag;
  form: FormHints;
}

/** One training setting. `default` undefined: absent by default. `absent`: what an absent value means, if anything. */
export type TrainFieldSpec =
  | (Shape<'int'> & Extras & { default: number | undefined; absent?: number })
  | (Shape<'float'> & Extras & { default: number | undefined; absent?: number; /** Value must be strictly above min. */ minExclusive?: boolean })
  | (Shape<'enum'> & Extras & { default: string | undefined; absent?: string })
  | (Shape<'bool'> & Extras & { default: boolean | undefined; absent?: boolean });

export type TrainFieldValue = number | string | boolean;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value at a field's key (undefined when it or its parent object is absent). */
export function fieldValue(config: unknown, key: TrainFieldKey): unknown {
  if (!isRecord(config)) return undefined;
  const [top, sub] = key.split('.');
  if (sub === undefined) return config[top];
  const parent = config[top];
  return isRecord(parent) ? parent[sub] : undefined;
}

/**
 * The patch that sets one field (undefined: leaves it out). A field under `augment` replaces the whole
 * `augment` object, the other members kept (or filled with what their absence means).
 */
export function fieldPatch(
  config: TrainConfig,
  fields: readonly TrainFieldSpec[],
  key: TrainFieldKey,
  value: TrainFieldValue | undefined,
): Partial<TrainConfig> {
  const [top, sub] = key.split('.');
  if (sub === undefined) return { [top]: value } as Partial<TrainConfig>;
  const siblings = fields.filter((f) => f.key.startsWith(`${top}.`));
  const parent: Record<string, unknown> = {};
  for (const f of siblings) parent[f.key.slice(top.length + 1)] = fieldValue(config, f.key) ?? f.absent ?? f.default;
  parent[sub] = value;
  return { [top]: parent } as Partial<TrainConfig>;
}

function listOr(options: readonly string[]): string {
  return options.length < 2 ? options.join('') : `${options.slice(0, -1).join(', ')} or ${options[options.length - 1]}`;
}

/** What a field accepts, as it ends a sentence: "Batch size must be <this>". */
export function expectedText(f: TrainFieldSpec): string {
  switch (f.type) {
    case 'int':
      return Number.isFinite(f.max) ? `an integer ${f.min}–${f.max}` : `an integer ≥ ${f.min}`;
    case 'float': {
      const unit = f.unit ? ` of ${f.unit}` : '';
      if (!Number.isFinite(f.max)) return f.min === 0 && f.minExclusive ? `a positive number${unit}` : `a number ≥ ${f.min}${unit}`;
      return `in ${f.minExclusive ? '(' : '['}${f.min}, ${f.max}${f.maxExclusive ? ')' : ']'}`;
    }
    case 'enum':
      return listOr(f.options);
    case 'bool':
      return 'true or false';
  }
}

/** True when `value` is a valid (present) value of the field. */
export function acceptsValue(f: TrainFieldSpec, value: unknown): boolean {
  switch (f.type) {
    case 'int':
      return typeof value === 'number' && Number.isInteger(value) && value >= f.min && value <= f.max;
    case 'float':
      return (
        typeof value === 'number' &&
        Number.isFinite(value) &&
        (f.minExclusive ? value > f.min : value >= f.min) &&
        (f.maxExclusive ? value < f.max : value <= f.max)
      );
    case 'enum':
      return typeof value === 'string' && f.options.includes(value);
    case 'bool':
      return typeof value === 'boolean';
  }
}
