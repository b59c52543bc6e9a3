import type { Position } from '../../graph/types';

export const ROW_GAP = 120;
export const COLUMN_GAP = 240;

/**
 * Simple top-to-bottom layering: each block sits one row below its deepest input; blocks of a
 * row are spread horizontally around x = 0 in their original order. (The editor auto-layouts later.)
 */
export function layerPositions(names: readonly string[], inputsOf: (name: string) => readonly string[]): Map<string, Position> {
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  const depthOf = (n: string): number => {
    const known = depth.get(n);
    if (known !== undefined) return known;
    if (visiting.has(n)) return 0; // cycle guard: the analysis reports cycles
    visiting.add(n);
    const ins = inputsOf(n);
    const d = ins.length === 0 ? 0 : 1 + Math.max(...ins.map(depthOf));
    visiting.delete(n);
    depth.set(n, d);
    return d;
  };
  const rows = new Map<number, string[]>();
  for (const n of names) {
    const d = depthOf(n);
    rows.set(d, [...(rows.get(d) ?? []), n]);
  }
  const out = new Map<string, Position>();
  for (const [d, row] of rows) {
    row.forEach((n, i) => out.set(n, { x: (i - (row.length - 1) / 2) * COLUMN_GAP, y: d * ROW_GAP }));
  }
  return out;
}
