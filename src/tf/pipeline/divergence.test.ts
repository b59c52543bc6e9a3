import { describe, expect, it } from 'vitest';
import { blownUpLossMessage, DivergenceWatch, nanLossMessage } from './divergence';

describe('DivergenceWatch', () => {
  it('flags a loss that saturates far above chance (Adam at lr 1000: 3 → 16, never NaN)', () => {
    const w = new DivergenceWatch(10);
    const losses = [3.1, 4.0, 5.2, 6.8, 8.0, 9.5, 11, 12.5, 14, 15.5, 16.1];
    const at = losses.findIndex((l) => w.observe(l));
    expect(at).toBe(6); // smoothed loss 8.11 > 3·ln 10 = 6.91 and > 2 × best 3.1
    expect(w.tripped).toBeGreaterThan(3 * Math.log(10));
    expect(w.chanceLoss).toBeCloseTo(2.302585, 5);
  });

  it('does not flag a normal run, even a noisy one that starts high', () => {
    const w = new DivergenceWatch(10);
    const losses = [5.5, 4.0, 3.2, 2.4, 2.6, 1.9, 1.2, 1.4, 0.8, 0.9, 0.5, 0.7, 0.4];
    expect(losses.map((l) => w.observe(l)).some(Boolean)).toBe(false);
    expect(w.tripped).toBeNull();
  });

  it('flags NaN at once', () => {
    const w = new DivergenceWatch(10);
    expect(w.observe(2.3)).toBe(false);
    expect(w.observe(Number.NaN)).toBe(true);
    expect(Number.isNaN(w.tripped)).toBe(true);
  });

  it('NaN message names the rate and a lower one', () => {
    expect(nanLossMessage(0.5)).toBe('The loss became NaN (diverged) at learning rate 0.5. Try a lower learning rate, e.g. 0.05.');
  });

  it('message names the loss, chance level and a lower rate', () => {
    expect(blownUpLossMessage(12.345, 2.302585, 1000)).toBe(
      'Training diverged: the loss rose to 12.35 (chance level is 2.30) at learning rate 1000. Try a lower learning rate, e.g. 100.',
    );
  });
});
