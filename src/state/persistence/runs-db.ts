import { createStore, del, entries, get, set, type UseStore } from 'idb-keyval';
import type { Design } from '../../core/graph/types';
import type { BackendPreference, EpochMetrics, TrainConfig, WeightsBlob } from '../../worker/protocol';
import { setAside, skippedRecord, type SkippedRecord } from './quarantine';
import { readRunRecord, readWeightsBlob, stamped } from './record-schema';

/**
 * Training runs in IndexedDB (database 'sora-runs'): one record per run ("run:<id>") and its trained
 * weights separately ("weights:<id>") so that listing runs stays cheap.
 */
export type RunStatus = 'running' | 'paused' | 'completed' | 'stopped' | 'failed' | 'interrupted';

/** One point of the per-batch curves: x = fractional epoch, raw and EMA-smoothed values. */
export interface BatchPoint {
  x: number;
  loss: number;
  accuracy: number;
  lossEma: number;
  accuracyEma: number;
}

export interface RunFinalMetrics {
  testAccuracy: number;
  testLoss: number;
  testCount: number;
  confusion: number[][];
}

/** What a run is, whether live in the training panel or saved: shared by LiveRun and RunRecord. */
export interface RunIdentity {
  id: string;
  variantId: string;
  variantName: string;
  /** The design as it was trained. */
  design: Design;
  config: TrainConfig;
  backendPreference: BackendPreference;
  datasetLabel: string;
  status: RunStatus;
  startedAt: number;
  finishedAt?: number;
  error?: string;
  hasWeights: boolean;
}

/**
 * An epoch as a run records it: the training loop's metrics plus, taken from the epoch's last batch
 * progress, the share of the epoch that was trained (below 1 when a time limit ended it early) and the
 * training speed the panel showed. Both are absent from records saved before they existed.
 */
export interface RunEpoch extends EpochMetrics {
  /** Share of the epoch's batches that were trained (0..1]. */
  fraction?: number;
  /** Training images per second over the epoch (validation excluded). */
  imagesPerSecond?: number;
}

export interface RunRecord extends RunIdentity {
  backend?: string;
  batchHistory: BatchPoint[];
  epochHistory: RunEpoch[];
  final?: RunFinalMetrics;
}

let store: UseStore | null = null;
function runsStore(): UseStore {
  store ??= createStore(RUNS_DB_NAME, 'runs');
  return store;
}

export const RUNS_DB_NAME = 'sora-runs';

/** Lets tests use a fresh database. */
export function selectRunsDatabase(name: string): void {
  store = createStore(name, 'runs');
}

const runKey = (id: string) => `run:${id}`;
const weightsKey = (id: string) => `weights:${id}`;

/** Runs that were still running when the page went away become "interrupted". */
export function interruptStale(
  records: readonly RunRecord[],
  liveRunId: string | null = null,
  now = Date.now(),
): { records: RunRecord[]; changed: RunRecord[] } {
  const changed: RunRecord[] = [];
  const out = records.map((r) => {
    if ((r.status !== 'running' && r.status !== 'paused') || r.id === liveRunId) return r;
    const next: RunRecord = {
      ...r,
      status: 'interrupted',
      finishedAt: r.finishedAt ?? now,
      error: 'The page was closed or reloaded during training.',
    };
    changed.push(next);
    return next;
  });
  return { records: out, changed };
}

/** Newest first. */
export function sortRuns(records: readonly RunRecord[]): RunRecord[] {
  return [...records].sort((a, b) => b.startedAt - a.startedAt);
}

export async function saveRun(record: RunRecord): Promise<void> {
  await set(runKey(record.id), stamped(record), runsStore());
}

export async function saveRunWeights(id: string, weights: WeightsBlob): Promise<void> {
  await set(weightsKey(id), stamped(weights), runsStore());
}

/** The run's saved weights (undefined when none were saved); damaged or newer-version ones are refused with a message. */
export async function loadRunWeights(id: string): Promise<WeightsBlob | undefined> {
  const value = await get<unknown>(weightsKey(id), runsStore());
  if (value === undefined) return undefined;
  const read = readWeightsBlob(value);
  if (!read.ok) throw new Error(`The saved weights of run ${id} cannot be used: ${read.error}.`);
  return read.value;
}

export async function deleteRun(id: string): Promise<void> {
  await del(runKey(id), runsStore());
  await del(weightsKey(id), runsStore());
}

/**
 * All runs, newest first; runs left "running" by an earlier page load (any but liveRunId) are marked
 * interrupted and saved. Each record is migrated and validated; the ones that fail are returned in `skipped`
 * (damaged ones moved to quarantine keys, newer-version ones left as they are), never in `runs`.
 */
export async function loadRuns(liveRunId: string | null = null): Promise<{ runs: RunRecord[]; skipped: SkippedRecord[] }> {
  const all = await entries<IDBValidKey, unknown>(runsStore());
  const records: RunRecord[] = [];
  const skipped: SkippedRecord[] = [];
  for (const [key, value] of all) {
    if (typeof key !== 'string' || !key.startsWith('run:')) continue;
    const read = readRunRecord(value);
    if (read.ok) records.push(read.value);
    else skipped.push(skippedRecord(key, value, read));
  }
  await setAside(runsStore(), skipped);
  const { records: fixed, changed } = interruptStale(records, liveRunId);
  await Promise.all(changed.map(saveRun));
  return { runs: sortRuns(fixed), skipped };
}
