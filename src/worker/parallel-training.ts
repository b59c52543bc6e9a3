/**
 * Data-parallel training in the browser, injected into the training session's deps (training.worker.ts):
 * `prepareBackend` decides the worker count of the run being started (the Train tab's Workers setting, the
 * chosen backend, SharedArrayBuffer) and its thread plan (planThreads: which worker computes a shard on how many
 * XNNPACK threads, so that a step keeps no more threads busy than the cores), and names both on the backend
 * line; `train` hands a run with more than one worker to `trainParallel` (src/tf/parallel/browser-transport.ts
 * withBrowserDataParallel: nested gradient workers, the coordinator as the loop's BatchStepRunner).
 * Everything else — pause, stop, time limit, divergence, BN re-estimation, exports — runs on this worker's
 * model exactly as with one worker.
 */
import {
  describeThreadPlan,
  describeWorkers,
  planThreads,
  resolveWorkerCount,
  type ThreadPlan,
  type WorkerSetting,
} from '../core/parallel/worker-count';
import type { TrainerCommand } from './protocol';
import type { TrainerDeps } from './training-session';

/** What trainParallel needs of the thread plan: the gradient workers to start, their threads, and whether this worker computes a shard. */
export type ParallelPlan = Pick<ThreadPlan, 'ownShard' | 'gradientWorkers' | 'threadsPerWorker'>;

export interface ParallelEnv<M> {
  /** navigator.hardwareConcurrency. */
  cores: number;
  /** SharedArrayBuffer is usable (self.crossOriginIsolated). */
  shared: boolean;
  /** XNNPACK threads this worker's wasm backend started with (1 on the single-threaded build), once prepareBackend has run. */
  ownThreads(): number;
  /** Trains like `train` over the plan's gradient workers (src/tf/parallel/browser-transport.ts withBrowserDataParallel). */
  trainParallel(args: Parameters<TrainerDeps<M>['train']>, plan: ParallelPlan): ReturnType<TrainerDeps<M>['train']>;
}

export interface DataParallelDeps<M> {
  deps: TrainerDeps<M>;
  /** Call with every command before the session handles it: a 'start' carries the Workers setting. */
  noteCommand(cmd: TrainerCommand): void;
}

export function withDataParallel<M>(base: TrainerDeps<M>, env: ParallelEnv<M>): DataParallelDeps<M> {
  let pending: { setting: WorkerSetting; batchSize: number; threads?: number } | null = null;
  let planned: ThreadPlan | null = null;
  const deps: TrainerDeps<M> = {
    ...base,
    async prepareBackend(preferred) {
      const start = pending;
      pending = null;
      planned = null;
      const b = await base.prepareBackend(preferred);
      if (!start) return b;
      const count = resolveWorkerCount({
        setting: start.setting,
        batchSize: start.batchSize,
        cores: env.cores,
        backend: b.backend,
        shared: env.shared,
      });
      const plan = planThreads({
        cores: env.cores,
        workers: count.workers,
        isolated: env.shared,
        ownThreads: env.ownThreads(),
        ...(start.threads !== undefined ? { threadsPerWorker: start.threads } : {}),
      });
      planned = plan;
      const threads = describeThreadPlan(plan);
      return { ...b, reason: [b.reason, describeWorkers(count), ...(threads ? [threads] : [])].join(' · ') };
    },
    async train(model, data, config, callbacks) {
      const plan = planned;
      planned = null;
      if (!plan || plan.gradientWorkers === 0) return base.train(model, data, config, callbacks);
      const { ownShard, gradientWorkers, threadsPerWorker } = plan;
      return env.trainParallel([model, data, config, callbacks], { ownShard, gradientWorkers, threadsPerWorker });
    },
  };
  return {
    deps,
    noteCommand(cmd) {
      if (cmd.type === 'start')
        pending = {
          setting: cmd.workers ?? 'auto',
          batchSize: cmd.config.batchSize,
          ...(cmd.workerThreads !== undefined ? { threads: Math.max(1, cmd.workerThreads) } : {}),
        };
    },
  };
}
