import { expect } from 'vitest';
import { relError } from '../tf/gradients/conv-reference';

/**
 * max |a − b| / max |b| over two equal-length arrays (b the reference), as `relError`. Fails the test when the
 * reference is all near zero, where a relative difference would say nothing.
 */
export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let scale = 0;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]));
  expect(scale).toBeGreaterThan(0.01);
  return relError(a, b);
}

/** max |a − b| / max |b| over all elements of lists of arrays (e.g. one per weight); NaN when b is all zeros. */
export function relativeDiffOfLists(a: readonly ArrayLike<number>[], b: readonly ArrayLike<number>[]): number {
  let diff = 0;
  let scale = 0;
  b.forEach((bi, i) => {
    for (let j = 0; j < bi.length; j++) {
      diff = Math.max(diff, Math.abs(a[i][j] - bi[j]));
      scale = Math.max(scale, Math.abs(bi[j]));
    }
  });
  return diff / scale;
}
