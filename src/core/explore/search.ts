/**
 * The successive-halving search loop (pure logic; training is injected): picks the candidates the budget
 * allows, trains each rung through `train`, records failures and goes on, promotes the best, and reports
 * every candidate once through `onResult` when its fate is known. Used by `cli explore` and the UI panel.
 */
import { planSuccessiveHalving, promote, type Ranked } from './halving';
import { paretoFront } from './pareto';
import { seededRandom } from '../seeded-random';
import type { Candidate, CandidateResult, HalvingPlan, Rung, TrainOutcome } from './types';
import { errorMessage } from '../result';

export interface SearchOptions {
  budgetSeconds: number;
  eta?: number;
  minSeconds?: number;
  /** Seed of the choice of candidates when the budget admits fewer than offered. Default 1. */
  seed?: number;
}

export interface SearchCallbacks {
  /** Trains `candidate` from scratch for `seconds` (rung `rung`) and reports its validation accuracy. May throw: the candidate is then 'failed'. */
  train(candidate: Candidate, seconds: number, rung: Rung): Promise<TrainOutcome>;
  /** Called once per candidate when its final status is known ('skipped' ones first). */
  onResult?(result: CandidateResult): void;
  onRungStart?(rung: Rung, candidates: readonly Candidate[]): void;
  /** Checked before each training: true ends the search; candidates still in play become 'dropped' at their last trained rung (or 'skipped'). */
  shouldStop?(): boolean;
}

export interface SearchResult {
  plan: HalvingPlan;
  /** One per candidate offered, in the order offered. */
  results: CandidateResult[];
  /** Name of the best 'final' candidate (null when none finished). */
  best: string | null;
  /** Pareto front (fewer MACs, higher accuracy) over trained candidates, by MACs ascending. */
  pareto: string[];
  stopped: boolean;
}

/**
 * Which `count` of `candidates` enter rung 0: all when they fit; else the base (if any) plus a seeded random
 * choice of the others; returned in the order offered.
 */
export function pickForBudget(candidates: readonly Candidate[], count: number, seed = 1): Candidate[] {
  if (count >= candidates.length) return [...candidates];
  const rand = seededRandom(seed);
  const idx = candidates.map((_, i) => i);
  for (let i = idx.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  const baseAt = candidates.findIndex((c) => c.isBase);
  const order = baseAt >= 0 ? [baseAt, ...idx.filter((i) => i !== baseAt)] : idx;
  const chosen = new Set(order.slice(0, count));
  return candidates.filter((_, i) => chosen.has(i));
}

function resultOf(c: Candidate, patch: Partial<CandidateResult> & Pick<CandidateResult, 'status' | 'rung' | 'budgetSeconds'>): CandidateResult {
  return { id: c.id, name: c.name, changes: c.changes, params: c.params, macs: c.macs, isBase: c.isBase, ...patch };
}

interface Trained extends Ranked {
  candidate: Candidate;
  testAccuracy?: number;
}

async function trainOne(cb: SearchCallbacks, c: Candidate, rung: Rung): Promise<TrainOutcome> {
  try {
    const o = await cb.train(c, rung.secondsEach, rung);
    if (o.ok && !Number.isFinite(o.accuracy)) return { ok: false, message: `accuracy is not a number (${o.accuracy})` };
    return o;
  } catch (e) {
    return { ok: false, message: errorMessage(e) };
  }
}

export async function runSuccessiveHalving(candidates: readonly Candidate[], opts: SearchOptions, cb: SearchCallbacks): Promise<SearchResult> {
  const plan = planSuccessiveHalving(Math.max(1, candidates.length), opts.budgetSeconds, opts);
  const results = new Map<string, CandidateResult>();
  const record = (r: CandidateResult) => {
    results.set(r.id, r);
    cb.onResult?.(r);
  };
  const entering = candidates.length === 0 ? [] : pickForBudget(candidates, plan.candidates, opts.seed);
  const entered = new Set(entering.map((c) => c.id));
  for (const c of candidates) if (!entered.has(c.id)) record(resultOf(c, { status: 'skipped', rung: -1, budgetSeconds: 0 }));
  const indexOf = new Map(candidates.map((c, i) => [c.id, i]));
  let alive: Candidate[] = entering;
  let lastTrained = new Map<string, Trained>();
  let stopped = false;
  for (const rung of plan.rungs) {
    if (alive.length === 0) break;
    cb.onRungStart?.(rung, alive);
    const trained: Trained[] = [];
    for (const c of alive) {
      if (cb.shouldStop?.()) {
        stopped = true;
        break;
      }
      const o = await trainOne(cb, c, rung);
      if (!o.ok) {
        record(resultOf(c, { status: 'failed', rung: rung.rung, budgetSeconds: rung.secondsEach, message: o.message }));
        continue;
      }
      trained.push({
        candidate: c,
        index: indexOf.get(c.id) ?? 0,
        accuracy: o.accuracy,
        macs: c.macs,
        params: c.params,
        ...(o.testAccuracy !== undefined ? { testAccuracy: o.testAccuracy } : {}),
      });
    }
    const isLast = rung.rung === plan.rungs.length - 1;
    const next = stopped || isLast ? [] : promote(trained, plan.rungs[rung.rung + 1].candidates);
    const going = new Set(next.map((t) => t.candidate.id));
    for (const t of [...trained].sort((a, b) => a.index - b.index)) {
      if (going.has(t.candidate.id)) continue;
      record(
        resultOf(t.candidate, {
          status: isLast && !stopped ? 'final' : 'dropped',
          rung: rung.rung,
          budgetSeconds: rung.secondsEach,
          accuracy: t.accuracy,
          ...(t.testAccuracy !== undefined ? { testAccuracy: t.testAccuracy } : {}),
        }),
      );
    }
    if (stopped) {
      // Candidates not reached in this rung keep their previous rung's result.
      for (const c of alive) {
        if (results.has(c.id)) continue;
        const prev = lastTrained.get(c.id);
        const prevRung = plan.rungs[rung.rung - 1];
        if (prev && prevRung)
          record(resultOf(c, { status: 'dropped', rung: prevRung.rung, budgetSeconds: prevRung.secondsEach, accuracy: prev.accuracy }));
        else record(resultOf(c, { status: 'skipped', rung: -1, budgetSeconds: 0 }));
      }
      break;
    }
    lastTrained = new Map(trained.map((t) => [t.candidate.id, t]));
    alive = next.map((t) => t.candidate).sort((a, b) => (indexOf.get(a.id) ?? 0) - (indexOf.get(b.id) ?? 0));
  }
  const ordered = candidates.map((c) => results.get(c.id)).filter((r): r is CandidateResult => r !== undefined);
  const finals = ordered.filter((r) => r.status === 'final' && r.accuracy !== undefined);
  const best =
    promote(
      finals.map((r) => ({ r, index: indexOf.get(r.id) ?? 0, accuracy: r.accuracy ?? 0, macs: r.macs, params: r.params })),
      1,
    )[0]?.r.name ?? null;
  return { plan, results: ordered, best, pareto: paretoFront(ordered), stopped };
}
