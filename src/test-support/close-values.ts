import { expect } from 'vitest';

/**
 * max |a − b| / max |b| over two equal-length arrays (b the reference). Fails the test when the reference is all
 * near zero, where a relative difference would say nothing.
 */
export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let d = 0;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    d = Math.max(d, Math.abs(a[i] - b[i]));
    m = Math.max(m, Math.abs(b[i]));
  }
  expect(m).toBeGreaterThan(0.01);
  return d / m;
}
