/** The small JSON helpers every Keras reader shares: the record test, the 2-int pair type and its lenient parse. */
export { isRecord } from '../io/json-text';

/** (height, width) of a kernel, stride, dilation or pool window. */
export type Pair = [number, number];

/** A Keras pair value (n, [n] or [a, b] of positive integers); `fallback` when absent, null when malformed. */
export function pairValue(v: unknown, fallback: Pair): Pair | null {
  if (v === undefined || v === null) return fallback;
  if (typeof v === 'number' && Number.isInteger(v) && v > 0) return [v, v];
  if (Array.isArray(v) && v.length === 1 && Number.isInteger(v[0]) && (v[0] as number) > 0) return [v[0] as number, v[0] as number];
  if (Array.isArray(v) && v.length === 2 && v.every((x) => Number.isInteger(x) && (x as number) > 0)) return [v[0] as number, v[1] as number];
  return null;
}
