import { errorMessage } from '../result';
/** JSON parsing with messages that name the line and column of a syntax error. */

export type JsonParse = { ok: true; value: unknown } | { ok: false; error: string };

/** Line and column (1-based) of a character offset in `text`. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

/**
 * Parses JSON text. On failure the error reads "not JSON: <reason> at line L column C"
 * (V8's "at position N" is translated to a line and column).
 */
export function parseJsonText(text: string): JsonParse {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') return { ok: false, error: 'not JSON: the file is empty' };
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch (e) {
    const raw = errorMessage(e);
    return { ok: false, error: `not JSON: ${describeSyntaxError(raw, body)}` };
  }
}

function describeSyntaxError(raw: string, text: string): string {
  // Newer V8 already says "(line 3 column 5)"; keep it but tidy the wording.
  const withLine = /^(.*?)(?: in JSON)? at position \d+ \(line (\d+) column (\d+)\)/s.exec(raw);
  if (withLine) return `${withLine[1]} at line ${withLine[2]} column ${withLine[3]}`;
  const withPos = /^(.*?)(?: in JSON)? at position (\d+)/s.exec(raw);
  if (withPos) {
    const { line, column } = lineColumn(text, Number(withPos[2]));
    return `${withPos[1]} at line ${line} column ${column}`;
  }
  if (/Unexpected end of JSON input/.test(raw)) {
    const { line, column } = lineColumn(text, text.length);
    return `unexpected end of input at line ${line} column ${column} (truncated file?)`;
  }
  // e.g. `Unexpected token 'x', "..." is not valid JSON` (no position given)
  return raw.replace(/\s+/g, ' ').slice(0, 160);
}

/** Describes a JSON value's type for messages: "a string", "null", "an array", ... */
export function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
    case 'number':
      return `the number ${value}`;
    case 'boolean':
      return `${value}`;
    case 'object':
      return 'an object';
    case 'undefined':
      return 'nothing';
    default:
      return typeof value;
  }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
