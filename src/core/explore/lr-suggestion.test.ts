import { describe, expect, it } from 'vitest';
import { suggestPeakLearningRate } from './lr-suggestion';

const ramp = (n: number, lossAt: (lr: number) => number) =>
  Array.from({ length: n }, (_, i) => {
    const lr = 1e-5 * (1 / 1e-5) ** (i / (n - 1));
    return { lr, smoothed: lossAt(lr) };
  });

describe('learning-rate suggestion', () => {
  it('is a tenth of the rate at the lowest smoothed loss', () => {
    // A valley at lr = 0.01 in log space: loss = 2.3 − 2·exp(−(log10(lr) + 2)²).
    const pts = ramp(101, (lr) => 2.3 - 2 * Math.exp(-((Math.log10(lr) + 2) ** 2)));
    const s = suggestPeakLearningRate(pts);
    expect(s.learningRate).toBeCloseTo(0.001, 5);
    if (s.learningRate !== null) expect(s.minimumAt).toBeCloseTo(0.01, 5);
  });

  it('refuses when the loss never fell or the test was too short', () => {
    expect(suggestPeakLearningRate(ramp(50, () => 2.3)).learningRate).toBeNull();
    expect(suggestPeakLearningRate(ramp(5, (lr) => 1 / lr)).reason).toMatch(/too early/);
  });
});
