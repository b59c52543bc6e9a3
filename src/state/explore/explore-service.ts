/**
 * Runs an architecture search from the app, outside React: the core's successive halving
 * (src/core/explore/search.ts) with the page's training path as the trainer. Each candidate becomes a variant
 * (named after what changed, forked from the base) the first time it trains, and each rung trains it as an
 * ordinary run of the training slice (same recipe as the Train tab, time limit = the rung's seconds), so the
 * run is saved and Compare shows it. Pause/resume/stop act on the run in progress; the search record is saved
 * after every change (search-record.ts) so a reload keeps it.
 */
import { runSuccessiveHalving } from '../../core/explore/search';
import type { Candidate, CandidateResult, TrainOutcome } from '../../core/explore/types';
import { newId } from '../../core/graph/factory';
import type { Design } from '../../core/graph/types';
import { withHistoryMode } from '../slices/design-slice';
import type { LiveRun } from '../slices/training-run';
import { cloneDesign, uniqueVariantName } from '../slices/variants-slice';
import { useAppStore } from '../store';
import type { Variant } from '../types';
import { previewSearch } from './explore-form';
import { putSearch, useExploreStore } from './explore-store';
import { loadSearches, saveSearch, unfinishedCandidate, type SearchCandidate, type SearchRecord } from './search-record';
import { selectActiveVariant } from '../selectors';
import { errorMessage } from '../../core/result';

export const STOPPED_MESSAGE = 'stopped by the user';

interface Control {
  searchId: string;
  stop: boolean;
  paused: boolean;
  release: (() => void) | null;
}

let control: Control | null = null;
let sequence = 0;

/** Adds a variant for a candidate without making it active (the user keeps editing what they edit). */
export function addCandidateVariant(design: Design, name: string, forkedFrom: string): string {
  const now = Date.now();
  const variants = useAppStore.getState().variants;
  const v: Variant = {
    id: newId('v'),
    name: uniqueVariantName(variants, name),
    design: cloneDesign(design),
    createdAt: now,
    updatedAt: now,
    forkedFrom,
  };
  withHistoryMode('skip', () => useAppStore.setState({ variants: [...variants, v] }));
  return v.id;
}

/** Resolves with the run once the training slice reports it finished (completed, stopped or failed). */
function runFinished(runId: string): Promise<LiveRun> {
  return new Promise((resolve) => {
    const check = (run: LiveRun | null): boolean => {
      if (!run || run.id !== runId || run.status === 'running' || run.status === 'paused') return false;
      resolve(run);
      return true;
    };
    if (check(useAppStore.getState().liveRun)) return;
    const off = useAppStore.subscribe((s) => {
      if (check(s.liveRun)) off();
    });
  });
}

/** The ranking metric of a finished run: its last validation accuracy, else its test accuracy. */
export function outcomeOf(run: LiveRun, seconds: number): TrainOutcome {
  if (run.status === 'failed') return { ok: false, message: run.error ?? 'the run failed' };
  if (run.status !== 'completed') return { ok: false, message: STOPPED_MESSAGE };
  const val = [...run.epochPoints].reverse().find((e) => e.valAccuracy !== undefined)?.valAccuracy;
  const test = run.evaluation?.testAccuracy;
  const accuracy = val ?? test;
  if (accuracy === undefined) return { ok: false, message: 'the run reported no accuracy' };
  return { ok: true, accuracy, seconds, ...(test !== undefined ? { testAccuracy: test } : {}) };
}

function candidateRecord(c: Candidate): SearchCandidate {
  return {
    id: c.id,
    name: c.name,
    changes: c.changes,
    params: c.params,
    macs: c.macs,
    isBase: c.isBase,
    status: 'pending',
    rung: -1,
    budgetSeconds: 0,
    runIds: [],
  };
}

/**
 * Starts a search around the active variant with the Explore form's settings. Returns the search id, or null
 * (with a notice) when it cannot start: a search or run already in progress, or a form problem.
 */
export function startSearch(): string | null {
  const app = useAppStore.getState();
  const base = selectActiveVariant(app);
  if (!base) return null;
  if (control) {
    app.notify('error', 'A search is already running; stop it before starting another.');
    return null;
  }
  const live = app.liveRun;
  if (live && (live.status === 'running' || live.status === 'paused')) {
    app.notify('error', 'A run is training; stop it (or let it finish) before starting a search.');
    return null;
  }
  const form = useExploreStore.getState().form;
  const preview = previewSearch(base.design, form);
  if (preview.problems.length > 0 || !preview.filtered || !preview.plan || !preview.generation) {
    app.notify('error', preview.problems.join(' ') || 'The search cannot start.');
    return null;
  }
  const record: SearchRecord = {
    id: `search-${Date.now().toString(36)}-${(++sequence).toString(36)}`,
    baseVariantId: base.id,
    baseName: base.name,
    axes: preview.axes,
    constraints: preview.constraints,
    budgetSeconds: form.budgetSeconds,
    status: 'running',
    startedAt: Date.now(),
    generated: preview.generation.candidates.length,
    removedBy: preview.filtered.removedBy,
    plan: preview.plan,
    candidates: preview.filtered.kept.map(candidateRecord),
  };
  control = { searchId: record.id, stop: false, paused: false, release: null };
  useExploreStore.setState({ liveSearchId: record.id });
  void runSearch(record, preview.filtered.kept, base.id, control);
  return record.id;
}

async function runSearch(initial: SearchRecord, candidates: Candidate[], baseVariantId: string, ctl: Control): Promise<void> {
  let record = initial;
  const update = (fn: (r: SearchRecord) => SearchRecord) => {
    record = fn(record);
    putSearch(record);
    if (typeof indexedDB === 'undefined') return;
    saveSearch(record).catch((err: unknown) => useAppStore.getState().notify('error', `Could not save the search: ${errorMessage(err)}`));
  };
  const patchCandidate = (id: string, patch: Partial<SearchCandidate>) =>
    update((r) => ({ ...r, candidates: r.candidates.map((c) => (c.id === id ? { ...c, ...patch } : c)) }));
  update((r) => r);

  const train = async (c: Candidate, seconds: number, rung: { rung: number }): Promise<TrainOutcome> => {
    while (ctl.paused && !ctl.stop) await new Promise<void>((resolve) => (ctl.release = resolve));
    if (ctl.stop) return { ok: false, message: STOPPED_MESSAGE };
    const app = useAppStore.getState();
    const existing = record.candidates.find((x) => x.id === c.id);
    const variantId =
      existing?.variantId && app.variants.some((v) => v.id === existing.variantId)
        ? existing.variantId
        : addCandidateVariant(c.design, c.isBase ? `${record.baseName} (explore base)` : c.name, baseVariantId);
    patchCandidate(c.id, { status: 'training', rung: rung.rung, budgetSeconds: seconds, variantId });
    update((r) => ({ ...r, current: c.id }));
    const started = Date.now();
    const runId = useAppStore.getState().startTraining({ variantId, config: { timeLimitSeconds: seconds } });
    if (!runId) return { ok: false, message: 'the run could not start (see the notice)' };
    patchCandidate(c.id, { runIds: [...(record.candidates.find((x) => x.id === c.id)?.runIds ?? []), runId] });
    if (ctl.paused) useAppStore.getState().pauseTraining();
    const run = await runFinished(runId);
    const outcome = outcomeOf(run, (Date.now() - started) / 1000);
    // Until the rung ends its fate is open: show what it reached so far.
    if (outcome.ok) patchCandidate(c.id, { status: 'pending', accuracy: outcome.accuracy, testAccuracy: outcome.testAccuracy });
    return outcome;
  };

  const onResult = (r: CandidateResult) => {
    const mine = record.candidates.find((c) => c.id === r.id);
    // Its run was stopped by Stop: not a failure of the candidate — it keeps its last finished rung, if any.
    if (r.status === 'failed' && r.message === STOPPED_MESSAGE && mine)
      return patchCandidate(r.id, unfinishedCandidate(mine, record, STOPPED_MESSAGE));
    patchCandidate(r.id, {
      status: r.status,
      rung: r.rung,
      budgetSeconds: r.budgetSeconds,
      accuracy: r.accuracy,
      testAccuracy: r.testAccuracy,
      message: r.message,
    });
  };

  try {
    const result = await runSuccessiveHalving(candidates, { budgetSeconds: record.budgetSeconds }, { train, onResult, shouldStop: () => ctl.stop });
    update((r) => ({
      ...r,
      status: ctl.stop ? 'stopped' : 'finished',
      finishedAt: Date.now(),
      current: undefined,
      best: result.best,
      pareto: result.pareto,
    }));
  } catch (err) {
    update((r) => ({ ...r, status: 'failed', finishedAt: Date.now(), current: undefined, error: errorMessage(err) }));
  } finally {
    if (control === ctl) control = null;
    useExploreStore.setState({ liveSearchId: null });
  }
}

function liveRecord(): SearchRecord | undefined {
  const id = control?.searchId;
  return id ? useExploreStore.getState().searches.find((s) => s.id === id) : undefined;
}

function setLiveStatus(status: SearchRecord['status']): void {
  const r = liveRecord();
  if (!r) return;
  const next = { ...r, status };
  putSearch(next);
  if (typeof indexedDB !== 'undefined') void saveSearch(next).catch(() => undefined);
}

export function pauseSearch(): void {
  if (!control || control.paused) return;
  control.paused = true;
  useAppStore.getState().pauseTraining();
  setLiveStatus('paused');
}

export function resumeSearch(): void {
  if (!control || !control.paused) return;
  control.paused = false;
  const release = control.release;
  control.release = null;
  release?.();
  useAppStore.getState().resumeTraining();
  setLiveStatus('running');
}

/** Ends the search: the run in progress stops after its batch, candidates not trained yet are skipped. */
export function stopSearch(): void {
  if (!control) return;
  control.stop = true;
  const release = control.release;
  control.release = null;
  release?.();
  useAppStore.getState().stopTraining();
}

/** Reads saved searches once per page (a search left running by an earlier page becomes interrupted). */
export async function ensureSearchesLoaded(): Promise<void> {
  if (useExploreStore.getState().loaded || typeof indexedDB === 'undefined') return;
  useExploreStore.setState({ loaded: true });
  try {
    const { searches, skipped } = await loadSearches(control?.searchId ?? null);
    useExploreStore.setState((s) => ({
      searches: [...s.searches.filter((x) => !searches.some((y) => y.id === x.id)), ...searches].sort((a, b) => b.startedAt - a.startedAt),
    }));
    for (const text of skipped) useAppStore.getState().notify('error', `A saved search could not be read (${text}).`);
  } catch (err) {
    useAppStore.getState().notify('error', `Could not read saved searches: ${errorMessage(err)}`);
  }
}
