/** Python identifiers and literals for generated code. */

const KEYWORDS = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del',
  'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal',
  'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield', 'self', 'x', 'F', 'nn', 'torch',
  'tf', 'np', 'keras', 'layers', 'float', 'int', 'max', 'min', 'zip', 'len', 'range', 'print', 'super', 'tf_same_pad',
  'tf_avg_pool_same', 'SeparableConv2d', 'model', 'inputs', 'outputs', 'data', 'os', 'json', 'struct',
]);

/** Assigns each name a unique, valid Python identifier (deterministic, order-preserving). */
export function pythonIdentifiers(names: readonly string[], prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  const taken = new Set<string>();
  for (const name of names) {
    let id = prefix + name.replace(/[^A-Za-z0-9_]/g, '_');
    if (/^[0-9_]/.test(id) || id === '') id = `l${id.startsWith('_') ? '' : '_'}${id}`;
    if (KEYWORDS.has(id)) id = `${id}_`;
    let unique = id;
    for (let i = 2; taken.has(unique); i++) unique = `${id}_${i}`;
    taken.add(unique);
    out.set(name, unique);
  }
  return out;
}

/** A Python string literal. JSON string syntax is valid Python for the characters JSON escapes. */
export function pyStr(s: string): string {
  return JSON.stringify(s);
}

/** A Python float literal that round-trips the JS number. */
export function pyFloat(v: number): string {
  if (!Number.isFinite(v)) return v > 0 ? "float('inf')" : v < 0 ? "float('-inf')" : "float('nan')";
  const s = String(v);
  return /[.eE]/.test(s) ? s : `${s}.0`;
}

export function pyTuple(values: readonly number[]): string {
  return values.length === 1 ? `(${values[0]},)` : `(${values.join(', ')})`;
}
