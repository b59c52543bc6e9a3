import type { FieldSpec } from '../../core/blocks/block-def';
import { checkParamValue } from '../../core/blocks/params';
import type { Pair, ParamValue } from '../../core/graph/types';

/** Turns typed text into a number when it is one, else keeps the text (so the message shows what was typed). */
export function parseNumberText(text: string): number | string {
  const t = text.trim();
  if (t === '') return '';
  const n = Number(t);
  return Number.isFinite(n) ? n : t;
}

export type FieldParse = { ok: true; value: ParamValue } | { ok: false; message: string };

/**
 * Checks the text of a number field (int/float) or the two texts of a pair field against the spec.
 * Nothing is clamped: out-of-range or malformed input yields the core's message.
 */
export function parseFieldText(field: FieldSpec, texts: readonly string[]): FieldParse {
  if (field.type === 'int' || field.type === 'float') {
    const raw = parseNumberText(texts[0] ?? '');
    if (raw === '') return { ok: false, message: `${field.label} is required` };
    const message = checkParamValue(field, raw);
    return message ? { ok: false, message } : { ok: true, value: raw as number };
  }
  if (field.type === 'pair') {
    const a = parseNumberText(texts[0] ?? '');
    const b = parseNumberText(texts[1] ?? '');
    if (a === '' || b === '') return { ok: false, message: `${field.label} needs both height and width` };
    const value = [a, b];
    const message = checkParamValue(field, value);
    return message ? { ok: false, message } : { ok: true, value: [a, b] as unknown as Pair };
  }
  return { ok: false, message: `${field.label} is not a text field` };
}

/** Text(s) shown for a stored value. */
export function valueTexts(field: FieldSpec, value: ParamValue | undefined): string[] {
  if (field.type === 'pair') {
    if (Array.isArray(value)) return [String(value[0]), String(value[1])];
    if (typeof value === 'number') return [String(value), String(value)];
    return [String(field.default[0]), String(field.default[1])];
  }
  return [value === undefined ? String(field.default) : String(value)];
}
