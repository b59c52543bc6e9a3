/**
 * How many data-parallel workers a browser training run uses, and on how many XNNPACK threads each (pure: shared
 * by the Train tab and the training worker). The count is the number of shards every batch is split into;
 * planThreads decides whether the training worker computes one of them or only coordinates the gradient workers.
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
  return Math.min(MAX_WORKERS, trainingThreadBudget(cores));
}

/**
 * Threads a training step may keep busy: what Auto gives training — all cores but one (left to the page), both
 * cores of a 2-core machine (measured above), at least 1. Not capped at MAX_WORKERS.
 */
export function trainingThreadBudget(cores: number): number {
  const n = Math.floor(cores);
  return Math.max(1, n - 1, Math.min(n, 2));
}

/**
 * XNNPACK threads the training worker starts its wasm backend with: all cores but one (left to the page), at least
 * 1. tfjs-wasm fixes them when the backend initialises, so the same pool serves every later run of that worker —
 * 1-worker training, evaluation, BN re-estimation, profiling — and, when the thread plan lets it, shard 0.
 */
export function trainingWorkerThreads(cores: number): number {
  return Math.max(1, Math.floor(cores) - 1);
}

/** tfjs-wasm's own cap on its XNNPACK pool (4.22, init_with_threads_count): 8 threads, and half the logical cores (it assumes 2 per physical core). */
export const WASM_MAX_THREADS = 8;

/**
 * The XNNPACK threads tfjs-wasm's threaded build actually starts when asked for `asked` on a machine with `cores`
 * logical cores: min(asked, 8, ⌊cores / 2⌋), at least 1 — the pool includes the calling thread. So the training
 * worker, asking for cores − 1, runs on ⌊cores / 2⌋ threads up to 8 (1 on 2 cores, 4 on 8, 8 on 16 or more).
 */
export function wasmPoolThreads(asked: number, cores: number): number {
  return Math.max(1, Math.min(Math.floor(asked), WASM_MAX_THREADS, Math.floor(Math.floor(cores) / 2)));
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
  // An explicit count is kept up to what the Workers control offers (the cores, 2 on one core): more workers than
  // cores could only oversubscribe them (each computes on at least one thread).
  const cores = Math.max(2, Math.floor(c.cores));
  if (c.setting !== 'auto' && asked > cores) {
    const workers = Math.min(cores, batch);
    return { workers, why: `at most one worker per core (${Math.floor(c.cores)} cores)` };
  }
  const workers = c.setting === 'auto' ? Math.max(1, Math.min(asked, Math.floor(batch / MIN_IMAGES_PER_WORKER))) : Math.min(asked, batch);
  return workers < asked ? { workers, why: `at least ${MIN_IMAGES_PER_WORKER} images per worker in a batch of ${batch}` } : { workers };
}

/** "2 data-parallel workers" / "1 worker" for the backend line. */
export function describeWorkers(n: WorkerCount): string {
  const what = n.workers === 1 ? '1 worker' : `${n.workers} data-parallel workers`;
  return n.why ? `${what} (${n.why})` : what;
}

export interface ThreadPlanContext {
  /** navigator.hardwareConcurrency. */
  cores: number;
  /** Data-parallel workers of the run (resolveWorkerCount): the number of shards a batch is split into. */
  workers: number;
  /** The page is cross-origin isolated: threaded wasm and SharedArrayBuffer (gradient workers) are available. */
  isolated: boolean;
  /**
   * XNNPACK threads the training worker's wasm backend actually started with (1 on the single-threaded build);
   * default: what tfjs-wasm gives for trainingWorkerThreads(cores) when isolated (wasmPoolThreads), else 1.
   */
  ownThreads?: number;
  /** Benches only (the start command's workerThreads): XNNPACK threads per gradient worker instead of the even split. */
  threadsPerWorker?: number;
}

/** Where the shards of a training step run, and on how many XNNPACK threads each. */
export interface ThreadPlan {
  /** The training worker computes shard 0 itself, on its own pool (false: it only coordinates while the gradient workers compute). */
  ownShard: boolean;
  /** The training worker's XNNPACK threads (its pool; busy during a step only when ownShard). */
  ownThreads: number;
  /** Nested gradient workers to start (0: the training worker trains alone). */
  gradientWorkers: number;
  /** XNNPACK threads of each gradient worker (1: the single-threaded build). */
  threadsPerWorker: number;
  /** XNNPACK threads computing at once while a step's shards run: (ownShard ? ownThreads : 0) + gradientWorkers × threadsPerWorker. */
  busyThreads: number;
}

/**
 * The thread policy of a browser training run (docs/training-pipeline.md, "Threads"). One worker: the training
 * worker computes every batch on its own pool (it asks for all cores but one; tfjs-wasm gives wasmPoolThreads).
 * More: the training thread budget (trainingThreadBudget) is split evenly — every one of the `workers` shards gets
 * ⌊budget / workers⌋ XNNPACK threads, at least 1 (capped as tfjs-wasm caps a pool) — and, since the training
 * worker's pool cannot shrink once its backend has started, it computes shard 0 only when that pool is no larger
 * than a gradient worker's share (2 or 3 cores: 1 thread each, as before); otherwise it only coordinates (copies
 * the batch in, averages, takes the optimizer step) while `workers` gradient workers compute, so its idle pool
 * adds nothing to the busy threads. Busy threads during a step are then at most max(budget, workers) ≤ the cores
 * whenever workers ≤ the cores (Auto, and every count the Workers control offers on ≥ 2 cores).
 */
export function planThreads(c: ThreadPlanContext): ThreadPlan {
  const own = Math.max(1, Math.floor(c.ownThreads ?? (c.isolated ? wasmPoolThreads(trainingWorkerThreads(c.cores), c.cores) : 1)));
  const workers = c.isolated ? Math.max(1, Math.floor(c.workers)) : 1;
  if (workers <= 1) return { ownShard: true, ownThreads: own, gradientWorkers: 0, threadsPerWorker: 1, busyThreads: own };
  const asked = Math.max(1, Math.floor(c.threadsPerWorker ?? trainingThreadBudget(c.cores) / workers));
  // 1: the single-threaded build; more: the threaded build, whose pool tfjs-wasm caps.
  const share = asked === 1 ? 1 : wasmPoolThreads(asked, c.cores);
  const ownShard = own <= share;
  const gradientWorkers = ownShard ? workers - 1 : workers;
  return { ownShard, ownThreads: own, gradientWorkers, threadsPerWorker: share, busyThreads: (ownShard ? own : 0) + gradientWorkers * share };
}

/** The thread plan for the backend line, e.g. "2 gradient workers × 3 XNNPACK threads; the training worker coordinates" (undefined: 1 worker). */
export function describeThreadPlan(p: ThreadPlan): string | undefined {
  if (p.gradientWorkers === 0) return undefined;
  const threads = (n: number) => `${n} XNNPACK thread${n === 1 ? '' : 's'}`;
  const workers = `${p.gradientWorkers} gradient worker${p.gradientWorkers === 1 ? '' : 's'} × ${threads(p.threadsPerWorker)}`;
  return p.ownShard ? `the training worker (${threads(p.ownThreads)}) + ${workers}` : `${workers}; the training worker coordinates`;
}
