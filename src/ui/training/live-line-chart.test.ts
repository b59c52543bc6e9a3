import { describe, expect, it } from 'vitest';
import { niceTicks } from './LiveLineChart';

describe('niceTicks', () => {
  it('steps of 1, 2 or 5 × 10^k from 0 to the first tick at or above the maximum', () => {
    expect(niceTicks(1, 4)).toEqual([0, 0.5, 1]);
    expect(niceTicks(2.3, 4)).toEqual([0, 1, 2, 3]);
    expect(niceTicks(0.07, 4)).toEqual([0, 0.02, 0.04, 0.06, 0.08]);
    expect(niceTicks(170, 4)).toEqual([0, 50, 100, 150, 200]);
  });
  it('an empty or broken range still gives an axis', () => {
    expect(niceTicks(0, 4)).toEqual([0, 1]);
    expect(niceTicks(Number.NaN, 4)).toEqual([0, 1]);
    expect(niceTicks(Infinity, 4)).toEqual([0, 1]);
  });
});
