import { describe, expect, it } from 'vitest';
import { accuracyAxis, logAxisTicks, logTicks } from './axis-ticks';

describe('axis ticks', () => {
  it('starts the accuracy axis just below the smallest value with round steps', () => {
    expect(accuracyAxis([0.95, 0.97])).toEqual({ domain: [0.8, 1], ticks: [0.8, 0.9, 1] });
    expect(accuracyAxis([0.11, 0.16])).toEqual({ domain: [0, 1], ticks: [0, 0.2, 0.4, 0.6, 0.8, 1] });
    expect(accuracyAxis([])).toEqual({ domain: [0, 1], ticks: [0, 0.2, 0.4, 0.6, 0.8, 1] });
  });

  it('puts 1-2-5 ticks on a short log range and decades on a long one', () => {
    expect(logTicks(2000, 40_000)).toEqual([2000, 5000, 10_000, 20_000]);
    expect(logTicks(100, 1e7)).toEqual([100, 1000, 10_000, 100_000, 1e6, 1e7]);
    expect(logTicks(0, 10)).toEqual([]);
  });

  it('gives the cost axis explicit, distinct ticks for one variant (no duplicate React keys)', () => {
    const macs = 10_808_720;
    expect(logAxisTicks([macs / 1.5, macs * 1.5], [macs, macs])).toEqual([macs]);
    expect(logAxisTicks([1000, 60_000], [2000, 40_000])).toEqual([1000, 2000, 5000, 10_000, 20_000, 50_000]);
  });
});
