import { describe, expect, it } from 'vitest';
import { BatchNormWarmup, warmupMomentum } from './bn-warmup';

describe('batch-norm momentum warm-up', () => {
  it('grows the EMA window with the step count up to the configured momentum', () => {
    expect(warmupMomentum(0.99, 0)).toBe(0);
    expect(warmupMomentum(0.99, 5)).toBe(0);
    expect(warmupMomentum(0.99, 50)).toBeCloseTo(0.9);
    expect(warmupMomentum(0.99, 500)).toBeCloseTo(0.99);
    expect(warmupMomentum(0.99, 5000)).toBe(0.99);
    expect(warmupMomentum(0.5, 50)).toBe(0.5);
  });

  it('changes only batch-norm layers and restores their configured momentum', () => {
    const bn = { getClassName: () => 'BatchNormalization', momentum: 0.99 };
    const dense = { getClassName: () => 'Dense', momentum: 0.7 };
    const w = new BatchNormWarmup([bn, dense]);
    expect(w.count).toBe(1);
    for (let i = 0; i <= 50; i++) w.beforeBatch();
    expect(bn.momentum).toBeCloseTo(0.9);
    expect(dense.momentum).toBe(0.7);
    w.restore();
    expect(bn.momentum).toBe(0.99);
  });
});
