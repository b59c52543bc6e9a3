/** Python identifiers and literals for generated code. */

/**
 * Python identifiers for the layers of generated code: `l<index>_<name with non-identifier characters as _>`.
 * Immune by construction: no Python keyword, builtin, module name, nn.Module / keras attribute or helper the
 * generated files define starts with `l<digits>_`, and the index keeps them unique. (Helpers, imports and
 * attributes the generators write themselves must never match /^l\d+_/.) The original names stay in comments,
 * in `LAYER_NAMES` (PyTorch) and in the Keras layers' `name=`.
 */
export function pythonIdentifiers(names: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  names.forEach((name, i) => {
    if (!out.has(name)) out.set(name, `l${i}_${name.replace(/[^A-Za-z0-9_]/g, '_')}`);
  });
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
