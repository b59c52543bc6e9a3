import type { BlockKind, BlockParams, ParamValue, Pair } from '../graph/types';
import type { FieldSpec } from './block-def';
import { getBlockDef } from './registry';

/** Default parameter values of a block kind (fresh object; pairs are fresh arrays). */
export function defaultParams(kind: BlockKind): BlockParams {
  const out: BlockParams = {};
  for (const f of getBlockDef(kind).fields) {
    out[f.key] = f.type === 'pair' ? ([f.default[0], f.default[1]] as Pair) : f.default;
  }
  return out;
}

function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return `[${value.map(show).join(', ')}]`;
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

function isIntIn(v: unknown, min: number, max: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}

/**
 * Checks one value against its field spec. Returns null when valid, else a message naming the
 * field, the allowed range and the value (values are refused, never clamped).
 * A pair also accepts a single integer n (meaning [n, n], as Keras does).
 */
export function checkParamValue(field: FieldSpec, value: unknown): string | null {
  switch (field.type) {
    case 'int':
      return isIntIn(value, field.min, field.max)
        ? null
        : `${field.label} must be an integer between ${field.min} and ${field.max} (got ${show(value)})`;
    case 'float': {
      const okNum = typeof value === 'number' && Number.isFinite(value);
      const inRange = okNum && value >= field.min && (field.maxExclusive ? value < field.max : value <= field.max);
      if (inRange) return null;
      const upper = field.maxExclusive ? `below ${field.max}` : `at most ${field.max}`;
      return `${field.label} must be a number at least ${field.min} and ${upper} (got ${show(value)})`;
    }
    case 'pair': {
      const okPair =
        isIntIn(value, field.min, field.max) ||
        (Array.isArray(value) && value.length === 2 && isIntIn(value[0], field.min, field.max) && isIntIn(value[1], field.min, field.max));
      return okPair ? null : `${field.label} must be a pair of integers between ${field.min} and ${field.max} (got ${show(value)})`;
    }
    case 'enum':
      return typeof value === 'string' && field.options.includes(value)
        ? null
        : `${field.label} must be one of ${field.options.join(', ')} (got ${show(value)})`;
    case 'bool':
      return typeof value === 'boolean' ? null : `${field.label} must be true or false (got ${show(value)})`;
  }
}

/** Normalises a checked value: a single-integer pair becomes [n, n]; pairs are copied. */
function normalise(field: FieldSpec, value: ParamValue): ParamValue {
  if (field.type !== 'pair') return value;
  if (typeof value === 'number') return [value, value];
  const a = value as Pair;
  return [a[0], a[1]];
}

export interface ParamError {
  key: string;
  message: string;
}

/**
 * Fills missing keys with defaults and checks every value. Bad values are reported and replaced by
 * the default in the returned params (callers must treat a block with errors as invalid);
 * unknown keys are reported and dropped.
 */
export function resolveParams(kind: BlockKind, params: Readonly<Record<string, unknown>> | undefined): { params: BlockParams; errors: ParamError[] } {
  const def = getBlockDef(kind);
  const out: BlockParams = {};
  const errors: ParamError[] = [];
  const given = params ?? {};
  for (const f of def.fields) {
    const has = Object.prototype.hasOwnProperty.call(given, f.key) && given[f.key] !== undefined;
    if (!has) {
      out[f.key] = f.type === 'pair' ? ([f.default[0], f.default[1]] as Pair) : f.default;
      continue;
    }
    const v = given[f.key];
    const msg = checkParamValue(f, v);
    if (msg) {
      errors.push({ key: f.key, message: msg });
      out[f.key] = f.type === 'pair' ? ([f.default[0], f.default[1]] as Pair) : f.default;
    } else {
      out[f.key] = normalise(f, v as ParamValue);
    }
  }
  for (const key of Object.keys(given)) {
    if (!def.fields.some((f) => f.key === key)) {
      errors.push({ key, message: `${def.label} has no parameter '${key}'` });
    }
  }
  return { params: out, errors };
}
