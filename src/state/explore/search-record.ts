import { createStore, del, entries, set, type UseStore } from 'idb-keyval';
import { z } from 'zod';
import type { CandidateChange, CandidateResult, ConstraintKey, Constraints, HalvingPlan, VaryAxis } from '../../core/explore/types';
import { RUNS_DB_NAME } from '../persistence/runs-db';

/**
 * The record of one architecture search started from the app (docs/explore.md "In the app"): what varied,
 * the constraints and budget, the plan, and every feasible candidate with the variant it became, its runs and
 * its fate. Saved in the runs database ('sora-runs', keys `search:<id>`) next to the runs it produced, so a
 * reload keeps it; a search that was running when the page went away is marked interrupted (its finished
 * candidates stay). Designs are not stored here: each trained candidate is a variant.
 */
export const SEARCH_RECORD_VERSION = 1;

export type SearchStatus = 'running' | 'paused' | 'finished' | 'stopped' | 'interrupted' | 'failed';

/** A candidate as the search records it: pending/training while in play, then the core's final status. */
export type CandidateStatus = 'pending' | 'training' | CandidateResult['status'];

export interface SearchCandidate {
  id: string;
  name: string;
  changes: CandidateChange[];
  params: number;
  macs: number;
  isBase: boolean;
  status: CandidateStatus;
  /** Last rung trained or training (0-based, -1 before the first). */
  rung: number;
  /** Training seconds of that rung. */
  budgetSeconds: number;
  accuracy?: number;
  testAccuracy?: number;
  message?: string;
  /** The variant the candidate became (created when it first trains). */
  variantId?: string;
  /** Its runs, one per rung trained, oldest first. */
  runIds: string[];
}

export interface SearchRecord {
  id: string;
  baseVariantId: string;
  baseName: string;
  axes: VaryAxis[];
  constraints: Constraints;
  budgetSeconds: number;
  status: SearchStatus;
  startedAt: number;
  finishedAt?: number;
  /** Valid candidates generated and how many each constraint removed (the feasible ones are `candidates`). */
  generated: number;
  removedBy: Record<ConstraintKey, number>;
  plan: HalvingPlan;
  candidates: SearchCandidate[];
  /** Id of the candidate training now. */
  current?: string;
  best?: string | null;
  pareto?: string[];
  error?: string;
}

const num = z.number();
const Change = z.object({
  kind: z.enum(['width', 'filters', 'kernel', 'dilation', 'depth', 'resolution']),
  block: z.string().optional(),
  value: num,
  label: z.string(),
});
const Axis = z.object({
  kind: z.enum(['width', 'filters', 'kernel', 'dilation', 'depth', 'resolution']),
  block: z.string().optional(),
  values: z.array(num),
});
const CandidateSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  changes: z.array(Change),
  params: num,
  macs: num,
  isBase: z.boolean(),
  status: z.enum(['pending', 'training', 'final', 'dropped', 'failed', 'skipped']),
  rung: num,
  budgetSeconds: num,
  accuracy: num.optional(),
  testAccuracy: num.optional(),
  message: z.string().optional(),
  variantId: z.string().optional(),
  runIds: z.array(z.string()),
});
const RecordSchema = z.object({
  version: z.number().int(),
  id: z.string().min(1),
  baseVariantId: z.string(),
  baseName: z.string(),
  axes: z.array(Axis),
  constraints: z.object({ maxParams: num.optional(), maxMacs: num.optional(), maxLatencyMs: num.optional() }),
  budgetSeconds: num,
  status: z.enum(['running', 'paused', 'finished', 'stopped', 'interrupted', 'failed']),
  startedAt: num,
  finishedAt: num.optional(),
  generated: num,
  removedBy: z.object({ maxParams: num, maxMacs: num, maxLatencyMs: num }),
  plan: z.object({ eta: num, candidates: num, rungs: z.array(z.object({ rung: num, candidates: num, secondsEach: num })), totalSeconds: num }),
  candidates: z.array(CandidateSchema),
  current: z.string().optional(),
  best: z.string().nullable().optional(),
  pareto: z.array(z.string()).optional(),
  error: z.string().optional(),
});

export type SearchRead = { ok: true; value: SearchRecord } | { ok: false; error: string };

/** Validates a stored search record; a newer version or a damaged one is refused with a message. */
export function readSearchRecord(value: unknown): SearchRead {
  const version = typeof value === 'object' && value !== null ? (value as { version?: unknown }).version : undefined;
  if (typeof version === 'number' && version > SEARCH_RECORD_VERSION)
    return { ok: false, error: `saved by a newer version of the app (record version ${version})` };
  const parsed = RecordSchema.safeParse(value);
  if (!parsed.success)
    return {
      ok: false,
      error: parsed.error.issues
        .map((i) => `${i.path.join('.') || 'record'}: ${i.message}`)
        .slice(0, 3)
        .join('; '),
    };
  const { version: _v, ...rest } = parsed.data;
  return { ok: true, value: rest as SearchRecord };
}

/** A search left running or paused by an earlier page becomes interrupted; its candidates in play are no longer training. */
export function interruptSearch(r: SearchRecord, now = Date.now()): SearchRecord {
  if (r.status !== 'running' && r.status !== 'paused') return r;
  return {
    ...r,
    status: 'interrupted',
    finishedAt: r.finishedAt ?? now,
    current: undefined,
    error: 'The page was closed or reloaded during the search; finished candidates are kept.',
    candidates: r.candidates.map((c) => unfinishedCandidate(c, r, 'interrupted')),
  };
}

/**
 * A candidate still in play when the page went away (or the user stopped its run): one that finished a rung keeps that result as 'dropped'
 * (a 'training' one goes back to its previous rung); one that never finished a rung becomes 'skipped'.
 */
export function unfinishedCandidate(c: SearchCandidate, r: SearchRecord, message: string): SearchCandidate {
  if (c.status !== 'pending' && c.status !== 'training') return c;
  if (c.accuracy === undefined) return { ...c, status: 'skipped', message };
  if (c.status === 'pending') return { ...c, status: 'dropped', message };
  const prev = r.plan.rungs[c.rung - 1];
  return { ...c, status: 'dropped', rung: prev ? prev.rung : c.rung, budgetSeconds: prev ? prev.secondsEach : c.budgetSeconds, message };
}

let store: UseStore | null = null;
function searchStore(): UseStore {
  store ??= createStore(RUNS_DB_NAME, 'runs');
  return store;
}
const key = (id: string) => `search:${id}`;

export async function saveSearch(r: SearchRecord): Promise<void> {
  await set(key(r.id), { ...r, version: SEARCH_RECORD_VERSION }, searchStore());
}

export async function deleteSearch(id: string): Promise<void> {
  await del(key(id), searchStore());
}

/** Saved searches, newest first (stale running ones marked interrupted and saved back); unreadable ones are named in `skipped`. */
export async function loadSearches(liveSearchId: string | null = null): Promise<{ searches: SearchRecord[]; skipped: string[] }> {
  const all = await entries<IDBValidKey, unknown>(searchStore());
  const searches: SearchRecord[] = [];
  const skipped: string[] = [];
  for (const [k, value] of all) {
    if (typeof k !== 'string' || !k.startsWith('search:')) continue;
    const read = readSearchRecord(value);
    if (!read.ok) {
      skipped.push(`${k}: ${read.error}`);
      continue;
    }
    const fixed = read.value.id === liveSearchId ? read.value : interruptSearch(read.value);
    if (fixed !== read.value) await saveSearch(fixed);
    searches.push(fixed);
  }
  return { searches: searches.sort((a, b) => b.startedAt - a.startedAt), skipped };
}
