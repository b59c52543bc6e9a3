/**
 * How many data-parallel workers a browser training run uses (pure: shared by the Train tab and the training
 * worker). The count includes the training worker itself, which computes shard 0.
 */

/** The Train tab's "Workers" setting: 'auto' or an explicit count. */
export type WorkerSetting = number | 'auto';

/** Each worker gets at least this many images of a batch under 'auto' (tfjs' per-operation cost dominates smaller shards). */
export const MIN_IMAGES_PER_WORKER = 8;

/** Largest count offered and accepted. */
export const MAX_WORKERS = 16;

/**
 * Workers under 'auto': all cores but one (left to the page), and never fewer than two on a machine with two cores.
 * On 2 cores "all but one" would train on one core while the page idles: measured with the production build
 * (bench/browser-training.ts, bench/long-tasks.ts --workers 2), 2 workers train 1.56× faster (99.09% MNIST in 60 s
 * against 98.78% with 1) and the page showed no long task during a 60 s run with a block being dragged.
 */
export function autoWorkers(cores: number): number {
  const n = Math.floor(cores);
  return Math.max(1, Math.min(MAX_WORKERS, Math.max(n - 1, Math.min(n, 2))));
}

export interface WorkerCountContext {
  setting: WorkerSetting;
  /** navigator.hardwareConcurrency. */
  cores: number;
  batchSize: number;
  /** The backend the run trains on: only 'wasm' uses the pool. */
  backend: string;
  /** SharedArrayBuffer is available (the page is cross-origin isolated). */
  shared: boolean;
}

export interface WorkerCount {
  workers: number;
  /** Why fewer workers than asked for (absent when the setting was met, or 'auto' resolved normally). */
  why?: string;
}

export function resolveWorkerCount(c: WorkerCountContext): WorkerCount {
  const asked = c.setting === 'auto' ? autoWorkers(c.cores) : Math.max(1, Math.min(MAX_WORKERS, Math.floor(c.setting)));
  if (asked <= 1) return { workers: 1 };
  if (c.backend !== 'wasm') return { workers: 1, why: `data-parallel workers need the WASM backend (training on ${c.backend})` };
  if (!c.shared) return { workers: 1, why: 'data-parallel workers need SharedArrayBuffer (the page is not cross-origin isolated)' };
  const batch = Math.max(1, Math.floor(c.batchSize));
  const workers = c.setting === 'auto' ? Math.max(1, Math.min(asked, Math.floor(batch / MIN_IMAGES_PER_WORKER))) : Math.min(asked, batch);
  return workers < asked ? { workers, why: `at least ${MIN_IMAGES_PER_WORKER} images per worker in a batch of ${batch}` } : { workers };
}

/** "2 data-parallel workers" / "1 worker" for the backend line. */
export function describeWorkers(n: WorkerCount): string {
  const what = n.workers === 1 ? '1 worker' : `${n.workers} data-parallel workers`;
  return n.why ? `${what} (${n.why})` : what;
}
