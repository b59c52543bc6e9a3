/**
 * Learning-rate range test helpers (pure; the UI runs the test and wires these in).
 *
 * The test trains for `steps` batches with the learning rate growing exponentially from `minLr` to `maxLr`
 * (lrRangeSchedule), records the loss per batch, smooths it (smoothLosses: exponential moving average with
 * bias correction, β = 0.98) and asks suggestLearningRate for a peak learning rate.
 *
 * Suggestion rule (suggestLearningRate):
 *  1. the curve is cut at the first non-finite loss or the first loss above 4 × the lowest loss so far
 *     (divergence), and the first `skipStart` points (default 10% of them) are ignored (noisy start);
 *  2. the minimum of the smoothed loss is found on what is left, and the slope d loss / d log10(lr) is taken by
 *     central differences up to that minimum;
 *  3. suggested peak lr = the lr of the steepest descent (most negative slope), but never more than one tenth of
 *     the lr at the minimum (lrAtMinimum / 10).
 */

export interface LrSuggestion {
  /** Peak learning rate to use (see the rule above). */
  lr: number;
  /** Learning rate where the smoothed loss falls fastest per decade. */
  steepestLr: number;
  /** Learning rate at the smoothed loss minimum. */
  minimumLr: number;
  /** Index (into the inputs) of the steepest point. */
  steepestIndex: number;
  /** 'steepest' or 'minimum/10': which bound the suggestion came from. */
  from: 'steepest' | 'minimum/10';
}

/** `steps` learning rates growing exponentially from minLr to maxLr (both included). */
export function lrRangeSchedule(minLr: number, maxLr: number, steps: number): number[] {
  if (!(minLr > 0 && maxLr > minLr && Number.isInteger(steps) && steps >= 2)) {
    throw new Error(`lr range: need 0 < minLr < maxLr and steps ≥ 2, got ${minLr}, ${maxLr}, ${steps}`);
  }
  const r = Math.log(maxLr / minLr) / (steps - 1);
  return Array.from({ length: steps }, (_, i) => minLr * Math.exp(r * i));
}

/** Exponential moving average with bias correction (β = 0.98 as in fastai); non-finite inputs stay non-finite. */
export function smoothLosses(raw: readonly number[], beta = 0.98): number[] {
  let avg = 0;
  return raw.map((x, i) => {
    avg = beta * avg + (1 - beta) * x;
    return avg / (1 - beta ** (i + 1));
  });
}

/** Where the curve is still usable: before the first non-finite loss or loss above 4 × the lowest so far. */
function usableLength(loss: readonly number[]): number {
  let lowest = Infinity;
  for (let i = 0; i < loss.length; i++) {
    const l = loss[i];
    if (!Number.isFinite(l) || (i > 0 && l > 4 * lowest)) return i;
    lowest = Math.min(lowest, l);
  }
  return loss.length;
}

/**
 * Suggests a peak learning rate from a range test (see the file comment); `{ error }` when the curve cannot
 * give one (too short, mismatched, no descent).
 */
export function suggestLearningRate(
  lrs: readonly number[],
  smoothedLoss: readonly number[],
  opts: { skipStart?: number } = {},
): LrSuggestion | { error: string } {
  if (lrs.length !== smoothedLoss.length) return { error: `${lrs.length} learning rates but ${smoothedLoss.length} losses` };
  if (lrs.some((x, i) => !(x > 0) || (i > 0 && x <= lrs[i - 1]))) return { error: 'learning rates must be positive and increasing' };
  const n = usableLength(smoothedLoss);
  const skip = Math.min(opts.skipStart ?? Math.floor(n * 0.1), Math.max(0, n - 5));
  if (n - skip < 5)
    return { error: `too few usable points (${n - skip}) before the loss diverged: run the test longer or from a lower learning rate` };
  let minAt = skip;
  for (let i = skip; i < n; i++) if (smoothedLoss[i] < smoothedLoss[minAt]) minAt = i;
  const x = lrs.map(Math.log10);
  let steepestIndex = -1;
  let steepest = 0;
  for (let i = Math.max(skip, 1); i <= Math.min(minAt, n - 2); i++) {
    const slope = (smoothedLoss[i + 1] - smoothedLoss[i - 1]) / (x[i + 1] - x[i - 1]);
    if (slope < steepest) {
      steepest = slope;
      steepestIndex = i;
    }
  }
  if (steepestIndex < 0) return { error: 'the loss never decreases: run the test from a lower learning rate' };
  const steepestLr = lrs[steepestIndex];
  const minimumLr = lrs[minAt];
  const cap = minimumLr / 10;
  return steepestLr <= cap
    ? { lr: steepestLr, steepestLr, minimumLr, steepestIndex, from: 'steepest' }
    : { lr: cap, steepestLr, minimumLr, steepestIndex, from: 'minimum/10' };
}
