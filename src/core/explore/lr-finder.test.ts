import { describe, expect, it } from 'vitest';
import { lrRangeSchedule, smoothLosses, suggestLearningRate } from './lr-finder';

/**
 * Synthetic range test, 51 points from 1e-5 to 1 (10 per decade): the loss is flat at 2.3 until 1e-4, falls
 * fastest around 1e-3 (a logistic in log10 lr centred at −3), bottoms out near 0.3 and blows up above 0.1.
 */
function syntheticCurve(): { lrs: number[]; loss: number[] } {
  const lrs = lrRangeSchedule(1e-5, 1, 51);
  const loss = lrs.map((lr) => {
    const x = Math.log10(lr);
    const fall = 2 / (1 + Math.exp(-3 * (x + 3)));
    const blow = x > -1 ? 40 * (x + 1) ** 2 : 0;
    return 2.3 - fall + blow;
  });
  return { lrs, loss };
}

describe('lr finder', () => {
  it('schedules learning rates exponentially, both ends included', () => {
    const s = lrRangeSchedule(1e-4, 1, 5);
    expect(s.map((x) => Number(x.toPrecision(6)))).toEqual([1e-4, 1e-3, 1e-2, 1e-1, 1]);
    expect(() => lrRangeSchedule(1, 0.1, 5)).toThrow('0 < minLr < maxLr');
  });

  it('smooths with a bias-corrected moving average (first value kept)', () => {
    const s = smoothLosses([2, 2, 2, 1], 0.5);
    expect(s[0]).toBe(2);
    expect(s[2]).toBeCloseTo(2, 12);
    // raw averages 1, 1.5, 1.75, then 0.5·1.75 + 0.5·1 = 1.375; bias correction divides by 1 − 0.5^4
    expect(s[3]).toBeCloseTo(1.375 / (1 - 0.0625), 12);
  });

  it('suggests the steepest-descent lr, capped at a tenth of the minimum lr, on a synthetic curve', () => {
    const { lrs, loss } = syntheticCurve();
    const s = suggestLearningRate(lrs, loss);
    if ('error' in s) throw new Error(s.error);
    // steepest at log10 lr = −3 (index 20); the minimum is just below the blow-up, at 1e-1 (index 40)
    expect(s.steepestIndex).toBe(20);
    expect(s.steepestLr).toBeCloseTo(1e-3, 12);
    expect(s.minimumLr).toBeCloseTo(1e-1, 12);
    expect(s.from).toBe('steepest');
    expect(s.lr).toBeCloseTo(1e-3, 12);
    // centre the fall at log10 lr = −1.5: steepest 3.16e-2 > minimum/10 = 1e-2 → capped
    const late = lrs.map((lr) => {
      const x = Math.log10(lr);
      return 2.3 - 2 / (1 + Math.exp(-3 * (x + 1.5))) + (x > -1 ? 40 * (x + 1) ** 2 : 0);
    });
    const c = suggestLearningRate(lrs, late);
    if ('error' in c) throw new Error(c.error);
    expect(c.from).toBe('minimum/10');
    expect(c.steepestLr).toBeCloseTo(10 ** -1.5, 12);
    expect(c.lr).toBeCloseTo(c.minimumLr / 10, 12);
  });

  it('ignores everything after the loss diverges and refuses curves it cannot read', () => {
    const { lrs, loss } = syntheticCurve();
    const withNaN = loss.map((l, i) => (i >= 45 ? Number.NaN : l));
    const s = suggestLearningRate(lrs, withNaN);
    expect('error' in s ? s.error : s.steepestIndex).toBe(20);
    expect(
      suggestLearningRate(
        lrs,
        lrs.map(() => 1),
      ),
    ).toEqual({ error: 'the loss never decreases: run the test from a lower learning rate' });
    expect(suggestLearningRate([1, 2], [1])).toEqual({ error: '2 learning rates but 1 losses' });
    expect(suggestLearningRate([2, 1, 3, 4, 5, 6], [1, 1, 1, 1, 1, 1])).toEqual({ error: 'learning rates must be positive and increasing' });
    expect('error' in suggestLearningRate(lrs.slice(0, 4), loss.slice(0, 4))).toBe(true);
  });
});
