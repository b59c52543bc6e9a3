/**
 * Successive halving as a pure scheduler (docs/explore.md "Successive halving").
 *
 * With n candidates and η (default 2): rung r = 0, 1, …, R−1 trains n_r = ⌈n / η^r⌉ candidates, stopping at the
 * first rung with one candidate (R = ⌈log_η n⌉ + 1; n = 1 gives one rung). Each candidate in rung r trains for
 * b·η^r seconds, from scratch (no warm start). The total budget B is split so that Σ_r n_r·b·η^r = B, i.e.
 * b = B / Σ_r n_r·η^r (every rung costs about B/R when n is a power of η). After rung r the best ⌈n_r / η⌉ by
 * validation accuracy go on (ties: fewer MACs, then fewer params, then earlier candidate).
 *
 * Minimum budget: when b would be below `minSeconds`, fewer candidates enter — the largest n' ≤ n whose b is at
 * least `minSeconds` (n' = 1 when even one candidate cannot get it: it gets the whole budget).
 */
import type { HalvingPlan, Rung } from './types';

export const DEFAULT_ETA = 2;
/** Default smallest training time of a rung-0 candidate, in seconds. */
export const DEFAULT_MIN_SECONDS = 3;

/** n_r = ⌈n / η^r⌉ for r = 0 … until 1 (inclusive). */
export function rungSizes(n: number, eta = DEFAULT_ETA): number[] {
  if (!(Number.isInteger(n) && n >= 1)) return [];
  const out = [n];
  while (out[out.length - 1] > 1) out.push(Math.ceil(out[out.length - 1] / eta));
  return out;
}

function plan(n: number, budget: number, eta: number): HalvingPlan {
  const sizes = rungSizes(n, eta);
  const units = sizes.reduce((s, c, r) => s + c * eta ** r, 0);
  const b = budget / units;
  const rungs: Rung[] = sizes.map((candidates, rung) => ({ rung, candidates, secondsEach: b * eta ** rung }));
  return { eta, candidates: n, rungs, totalSeconds: rungs.reduce((s, r) => s + r.candidates * r.secondsEach, 0) };
}

/**
 * The plan for `n` candidates and `budgetSeconds` of training in all (see the file comment). Throws on
 * n < 1, a non-positive budget or η < 2.
 */
export function planSuccessiveHalving(n: number, budgetSeconds: number, opts: { eta?: number; minSeconds?: number } = {}): HalvingPlan {
  const eta = opts.eta ?? DEFAULT_ETA;
  const minSeconds = opts.minSeconds ?? DEFAULT_MIN_SECONDS;
  if (!(Number.isInteger(n) && n >= 1)) throw new Error(`successive halving needs at least one candidate, got ${n}`);
  if (!(budgetSeconds > 0 && Number.isFinite(budgetSeconds)))
    throw new Error(`the time budget must be a positive number of seconds, got ${budgetSeconds}`);
  if (!(Number.isInteger(eta) && eta >= 2)) throw new Error(`η must be an integer ≥ 2, got ${eta}`);
  for (let m = n; m > 1; m--) {
    const p = plan(m, budgetSeconds, eta);
    if (p.rungs[0].secondsEach >= minSeconds) return p;
  }
  return plan(1, budgetSeconds, eta);
}

/** What ranking needs of a trained candidate. */
export interface Ranked {
  /** Position in the candidate list (the last tie-break). */
  index: number;
  accuracy: number;
  macs: number;
  params: number;
}

/** Best first: higher accuracy, then fewer MACs, fewer params, earlier index. */
export function compareRanked(a: Ranked, b: Ranked): number {
  return b.accuracy - a.accuracy || a.macs - b.macs || a.params - b.params || a.index - b.index;
}

/** The `keep` best of `trained` (see compareRanked), best first. */
export function promote<T extends Ranked>(trained: readonly T[], keep: number): T[] {
  return [...trained].sort(compareRanked).slice(0, Math.max(0, keep));
}
