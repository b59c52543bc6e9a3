/**
 * Data-parallel training in the browser, injected into the training session's deps (training.worker.ts):
 * `prepareBackend` decides the worker count of the run being started (the Train tab's Workers setting, the
 * chosen backend, SharedArrayBuffer) and names it on the backend line; `train` hands a run with more than one
 * worker to `trainParallel` (src/tf/parallel/browser-transport.ts withBrowserDataParallel: nested gradient
 * workers, the coordinator as the loop's BatchStepRunner).
 * Everything else — pause, stop, time limit, divergence, BN re-estimation, exports — runs on this worker's
 * model exactly as with one worker.
 */
import { describeWorkers, resolveWorkerCount, type WorkerCount, type WorkerSetting } from '../core/parallel/worker-count';
import type { TrainerCommand } from './protocol';
import type { TrainerDeps } from './training-session';

export interface ParallelEnv<M> {
  /** navigator.hardwareConcurrency. */
  cores: number;
  /** SharedArrayBuffer is usable (self.crossOriginIsolated). */
  shared: boolean;
  /** Trains like `train` with `workers` data-parallel workers (src/tf/parallel/browser-transport.ts withBrowserDataParallel). */
  trainParallel(args: Parameters<TrainerDeps<M>['train']>, o: { workers: number; threadsPerWorker: number }): ReturnType<TrainerDeps<M>['train']>;
}

export interface DataParallelDeps<M> {
  deps: TrainerDeps<M>;
  /** Call with every command before the session handles it: a 'start' carries the Workers setting. */
  noteCommand(cmd: TrainerCommand): void;
}

export function withDataParallel<M>(base: TrainerDeps<M>, env: ParallelEnv<M>): DataParallelDeps<M> {
  let pending: { setting: WorkerSetting; batchSize: number; threads: number } | null = null;
  let threadsPerWorker = 1;
  let planned: WorkerCount | null = null;
  const deps: TrainerDeps<M> = {
    ...base,
    async prepareBackend(preferred) {
      const start = pending;
      pending = null;
      planned = null;
      const b = await base.prepareBackend(preferred);
      if (!start) return b;
      planned = resolveWorkerCount({ setting: start.setting, batchSize: start.batchSize, cores: env.cores, backend: b.backend, shared: env.shared });
      threadsPerWorker = start.threads;
      return { ...b, reason: `${b.reason} · ${describeWorkers(planned)}` };
    },
    async train(model, data, config, callbacks) {
      const workers = planned?.workers ?? 1;
      planned = null;
      if (workers <= 1) return base.train(model, data, config, callbacks);
      return env.trainParallel([model, data, config, callbacks], { workers, threadsPerWorker });
    },
  };
  return {
    deps,
    noteCommand(cmd) {
      if (cmd.type === 'start')
        pending = { setting: cmd.workers ?? 'auto', batchSize: cmd.config.batchSize, threads: Math.max(1, cmd.workerThreads ?? 1) };
    },
  };
}
