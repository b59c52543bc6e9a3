import { describe, expect, it } from 'vitest';
import { EARLY_STOPPING_START, earlyStoppingReplay, earlyStoppingStep } from './early-stopping';

describe('early stopping', () => {
  it('stops after `patience` evaluations without improvement and keeps the best', () => {
    const acc = [0.9, 0.95, 0.94, 0.96, 0.955, 0.958, 0.957, 0.99];
    // best 0.96 at index 3; indices 4, 5, 6 do not improve → stop at 6 with patience 3
    expect(earlyStoppingReplay(acc, { patience: 3, mode: 'max' })).toEqual({ stopAt: 6, bestIndex: 3, best: 0.96 });
    expect(earlyStoppingReplay(acc, { patience: 4, mode: 'max' })).toEqual({ stopAt: null, bestIndex: 7, best: 0.99 });
    // minDelta: 0.95 → 0.96 is not more than 0.02 better, so the best stays 0.95 (index 1) and index 4 is the 3rd miss
    expect(earlyStoppingReplay(acc, { patience: 3, mode: 'max', minDelta: 0.02 })).toEqual({ stopAt: 4, bestIndex: 1, best: 0.95 });
  });

  it('min mode for losses; a non-finite value never improves; `improved` marks when to snapshot', () => {
    expect(earlyStoppingReplay([1, 0.8, Number.NaN, 0.9, 0.7], { patience: 2, mode: 'min' })).toEqual({ stopAt: 3, bestIndex: 1, best: 0.8 });
    let s = earlyStoppingStep(EARLY_STOPPING_START, 0.5, { patience: 1, mode: 'max' });
    expect(s).toEqual({ best: 0.5, bestIndex: 0, seen: 1, wait: 0, improved: true, stop: false });
    s = earlyStoppingStep(s, 0.5, { patience: 1, mode: 'max' });
    expect(s).toMatchObject({ improved: false, stop: true, wait: 1, bestIndex: 0 });
    expect(() => earlyStoppingStep(EARLY_STOPPING_START, 1, { patience: 0, mode: 'max' })).toThrow('patience must be an integer ≥ 1');
  });
});
