/**
 * Stable pretty JSON: 2-space indentation like JSON.stringify(v, null, 2), except that arrays of
 * primitives and small flat objects (positions, viewports) stay on one line.
 */
export function prettyJson(value: unknown): string {
  return write(value, '');
}

function isPrimitive(v: unknown): boolean {
  return v === null || typeof v !== 'object';
}

function write(value: unknown, indent: string): string {
  if (isPrimitive(value)) return JSON.stringify(value) ?? 'null';
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every(isPrimitive)) return `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
    return `[\n${value.map((v) => inner + write(v, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  if (entries.length <= 3 && entries.every(([, v]) => typeof v === 'number')) {
    return `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ')} }`;
  }
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${write(v, inner)}`).join(',\n')}\n${indent}}`;
}
