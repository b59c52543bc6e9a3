/**
 * The training service: everything the Train tab does outside the store. It owns the page's one worker client
 * (src/worker/worker-client.ts) and its subscription, user datasets (sent to the worker once, then named by id),
 * the request/answer exchanges (export), and run persistence (IndexedDB, src/state/persistence/runs-db.ts).
 * The training slice (src/state/slices/training-slice.ts) keeps only state and thin actions that call this.
 */
import { errorMessage } from '../core/result';
import type { NamedBuffer } from '../data/dataset-errors';
import type { DatasetRef, TrainerEvent, WeightsBlob } from '../worker/protocol';
import { TrainerClient } from '../worker/worker-client';
import type { RunRecord } from './persistence/runs-db';
import * as runsDb from './persistence/runs-db';

/** The dataset the next run trains on: MNIST, or user files held in the worker under `id` (the page never keeps them in state). */
export type DatasetChoice = { kind: 'mnist' } | { kind: 'files'; label: string; id: string };

let client: TrainerClient | null = null;
let sequence = 0;

/** A fresh id for a run, a request or a dataset. */
export const newId = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(++sequence).toString(36)}`;

/** The one worker client of the page (created on first use); latency measurements share it with training. */
export function sharedTrainerClient(): TrainerClient {
  client ??= new TrainerClient();
  return client;
}

/** Lets tests (and the bench) substitute the worker client. */
export function setTrainerClient(c: TrainerClient | null): void {
  client = c;
}

/**
 * Heartbeat allowance per backend: the worker cannot answer during one synchronous batch or test-set
 * evaluation, which takes minutes on cpu and tens of seconds on a loaded machine with wasm.
 */
const HEARTBEAT_MS: Record<string, number> = { cpu: 900_000, wasm: 180_000, webgl: 180_000, webgpu: 180_000 };

/**
 * Marks main-thread work triggered by training (performance.mark 'sora:training-update') when
 * `globalThis.__soraTrainingMarks` is true, so tests can tell which long tasks training caused.
 */
export function markTrainingWork(kind: string): void {
  if ((globalThis as { __soraTrainingMarks?: boolean }).__soraTrainingMarks) performance.mark('sora:training-update', { detail: kind });
}

let uiHeld = false;
/** While true (the user drags something), per-batch progress is queued instead of re-rendering the panel. */
export function holdTrainingUpdates(held: boolean): void {
  uiHeld = held;
}
export function trainingUpdatesHeld(): boolean {
  return uiHeld;
}

/** The bundled MNIST, addressed from the page (the app may be hosted under a sub-path, e.g. GitHub Pages). */
export function bundledMnist(): DatasetRef {
  return typeof document === 'undefined' ? { kind: 'mnist' } : { kind: 'mnist', baseUrl: new URL('datasets/mnist/', document.baseURI).href };
}

/** How the worker addresses a dataset choice. */
export function datasetRefOf(choice: DatasetChoice): DatasetRef {
  return choice.kind === 'files' ? { kind: 'stored', id: choice.id, label: choice.label } : bundledMnist();
}

/** The shared client, subscribed once to `onEvent` (again after a test swaps the client). */
export class TrainingService {
  private readonly subscribed = new WeakSet<TrainerClient>();

  constructor(private readonly onEvent: (ev: TrainerEvent) => void) {}

  client(): TrainerClient {
    const c = sharedTrainerClient();
    if (!this.subscribed.has(c)) {
      this.subscribed.add(c);
      c.subscribe(this.onEvent);
    }
    return c;
  }

  /** A slow backend answers less often: allow it a longer silence. */
  backendStarted(name: string): void {
    client?.setHeartbeatTimeout(HEARTBEAT_MS[name] ?? 180_000);
  }

  /** Sends user files to the worker (once); the returned choice names them by id. */
  storeFiles(files: NamedBuffer[], label: string): DatasetChoice {
    const id = newId('dataset');
    this.client().storeDataset(id, label, files);
    return { kind: 'files', label, id };
  }

  /** Frees a dataset no longer chosen (no-op for MNIST). */
  release(choice: DatasetChoice | null): void {
    if (choice?.kind === 'files') client?.dropDataset(choice.id);
  }

  /** Asks the worker to parse a dataset at `imageShape`; answered by 'dataset' / 'dataset-error' with the request id. */
  inspect(choice: DatasetChoice, imageShape: [number, number, number]): string {
    const requestId = newId('inspect');
    this.client().send({ type: 'inspect', requestId, dataset: datasetRefOf(choice), imageShape });
    return requestId;
  }

  /** tfjs model.json + weights of a run's model held in the worker. */
  exportModel(runId: string): Promise<{ modelJson: string; weightsBin: ArrayBuffer }> {
    const c = this.client();
    return new Promise((resolve, reject) => {
      const off = c.subscribe((ev) => {
        if (ev.type === 'exported' && ev.runId === runId) {
          off();
          resolve({ modelJson: ev.modelJson, weightsBin: ev.weightsBin });
        } else if (ev.type === 'error' && ev.runId === runId) {
          off();
          reject(new Error(ev.message));
        }
      });
      c.send({ type: 'export', runId });
    });
  }

  /** Saves a run record (and its weights); resolves with the record, rejects with a message. No-op without IndexedDB. */
  async saveRun(record: RunRecord, weights?: WeightsBlob): Promise<RunRecord | null> {
    if (typeof indexedDB === 'undefined') return null;
    try {
      await runsDb.saveRun(record);
      if (weights) await runsDb.saveRunWeights(record.id, weights);
      return record;
    } catch (err) {
      throw new Error(`Could not save the run: ${errorMessage(err)}`);
    }
  }

  /** Saved runs, newest first (the live run's record is not marked interrupted); null without IndexedDB. */
  async loadRuns(liveId: string | null): Promise<Awaited<ReturnType<typeof runsDb.loadRuns>> | null> {
    if (typeof indexedDB === 'undefined') return null;
    try {
      return await runsDb.loadRuns(liveId);
    } catch (err) {
      throw new Error(`Could not read saved runs: ${errorMessage(err)}`);
    }
  }

  deleteRun(id: string): Promise<void> {
    return runsDb.deleteRun(id);
  }
}

export const sortRuns = runsDb.sortRuns;
