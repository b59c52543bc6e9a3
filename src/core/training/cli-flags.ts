/**
 * The CLI side of the field list: usage text, which flags take a value, parsing flag text into a config and
 * formatting a config back into flags (pure: `cli train` and `cli explore` pick the fields they offer).
 */
import { err, ok, type Result } from '../result';
import type { TrainConfig, TrainFieldKey } from './train-config';
import { acceptsValue, expectedText, fieldPatch, fieldValue, type TrainFieldSpec, type TrainFieldValue } from './train-field';
import { TRAIN_FIELDS, trainField } from './train-fields';

function fieldsOf(keys: readonly TrainFieldKey[]): TrainFieldSpec[] {
  return keys.map(trainField);
}

/** "[--epochs N]", "[--schedule cosine|constant]", "[--flip]". */
export function flagUsage(f: TrainFieldSpec): string {
  if (f.type === 'bool') return `[${f.cli.flag}]`;
  const what = f.type === 'enum' ? f.options.join('|') : (f.cli.usage ?? 'VALUE');
  return `[${f.cli.flag} ${what}]`;
}

/** The usage fragment of these fields, in the order given. */
export function configFlagsUsage(keys: readonly TrainFieldKey[]): string {
  return fieldsOf(keys).map(flagUsage).join(' ');
}

/** Flags of these fields that take a value (bool fields are switches). */
export function configValueFlags(keys: readonly TrainFieldKey[]): string[] {
  return fieldsOf(keys)
    .filter((f) => f.type !== 'bool')
    .map((f) => f.cli.flag);
}

/** Switch flags of these fields (bool fields: present = true). */
export function configSwitchFlags(keys: readonly TrainFieldKey[]): string[] {
  return fieldsOf(keys)
    .filter((f) => f.type === 'bool')
    .map((f) => f.cli.flag);
}

/** A flag's text as the field's value, or what the field expects. */
export function parseFlagText(f: TrainFieldSpec, text: string): Result<TrainFieldValue> {
  let v: TrainFieldValue;
  if (f.type === 'int') v = /^-?\d+$/.test(text) ? Number(text) : NaN;
  else if (f.type === 'float') v = text.trim() === '' ? NaN : Number(text);
  else if (f.type === 'bool') v = text === 'true' ? true : text === 'false' ? false : text;
  else v = text;
  return acceptsValue(f, v) ? ok(v) : err(expectedText(f));
}

/**
 * `base` with the given flags of these fields applied: `values` maps value flags to their text, `switches` holds
 * the switches present. A bad value is refused as "<command>: <flag> must be <expected>, got '<text>'".
 */
export function configFromFlags(
  command: string,
  values: ReadonlyMap<string, string>,
  switches: ReadonlySet<string>,
  keys: readonly TrainFieldKey[],
  base: TrainConfig,
): Result<TrainConfig> {
  let config = base;
  for (const f of fieldsOf(keys)) {
    let value: TrainFieldValue;
    if (f.type === 'bool') {
      if (!switches.has(f.cli.flag)) continue;
      value = true;
    } else {
      const text = values.get(f.cli.flag);
      if (text === undefined) continue;
      const parsed = parseFlagText(f, text);
      if (!parsed.ok) return err(`${command}: ${f.cli.flag} must be ${parsed.error}, got '${text}'`);
      value = parsed.value;
    }
    config = { ...config, ...fieldPatch(config, TRAIN_FIELDS, f.key, value) };
  }
  return ok(config);
}

/** The flags that give these fields `config`'s values (absent and false ones are left out). */
export function configToFlags(config: TrainConfig, keys: readonly TrainFieldKey[]): string[] {
  const out: string[] = [];
  for (const f of fieldsOf(keys)) {
    const v = fieldValue(config, f.key);
    if (v === undefined || v === false) continue;
    if (v === true) out.push(f.cli.flag);
    else out.push(f.cli.flag, String(v));
  }
  return out;
}
