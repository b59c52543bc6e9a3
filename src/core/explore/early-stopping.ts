/**
 * Early stopping as pure logic: after each evaluation (an epoch or an evaluation interval) feed the metric to
 * earlyStoppingStep; it tells whether this value is the new best (snapshot the weights then: "keep best") and
 * whether to stop — after `patience` evaluations in a row without an improvement of more than `minDelta`.
 */

export interface EarlyStoppingOptions {
  /** Evaluations without improvement tolerated before stopping (≥ 1). */
  patience: number;
  /** 'max' for accuracy, 'min' for loss. */
  mode: 'max' | 'min';
  /** An improvement must exceed this (default 0). */
  minDelta?: number;
}

export interface EarlyStoppingState {
  /** Best value so far (null before the first evaluation). */
  best: number | null;
  /** Index (0-based evaluation count) of the best value; -1 before the first. */
  bestIndex: number;
  /** Evaluations seen. */
  seen: number;
  /** Evaluations since the best. */
  wait: number;
  /** True when the last value was a new best: keep these weights. */
  improved: boolean;
  /** True once patience ran out: stop training (and restore the best weights). */
  stop: boolean;
}

export const EARLY_STOPPING_START: EarlyStoppingState = { best: null, bestIndex: -1, seen: 0, wait: 0, improved: false, stop: false };

/** The state after one more evaluation `value`. A non-finite value never improves (it counts against patience). */
export function earlyStoppingStep(state: EarlyStoppingState, value: number, opts: EarlyStoppingOptions): EarlyStoppingState {
  if (!(Number.isInteger(opts.patience) && opts.patience >= 1)) throw new Error(`patience must be an integer ≥ 1, got ${opts.patience}`);
  const delta = opts.minDelta ?? 0;
  const index = state.seen;
  const better = Number.isFinite(value) && (state.best === null || (opts.mode === 'max' ? value > state.best + delta : value < state.best - delta));
  if (better) return { best: value, bestIndex: index, seen: index + 1, wait: 0, improved: true, stop: false };
  const wait = state.wait + 1;
  return { ...state, seen: index + 1, wait, improved: false, stop: state.stop || wait >= opts.patience };
}

/** Replays a whole history: the index where training would stop (null if it never does) and the best index. */
export function earlyStoppingReplay(
  values: readonly number[],
  opts: EarlyStoppingOptions,
): { stopAt: number | null; bestIndex: number; best: number | null } {
  let s = EARLY_STOPPING_START;
  for (let i = 0; i < values.length; i++) {
    s = earlyStoppingStep(s, values[i], opts);
    if (s.stop) return { stopAt: i, bestIndex: s.bestIndex, best: s.best };
  }
  return { stopAt: null, bestIndex: s.bestIndex, best: s.best };
}
