/**
 * Data-parallel training in the browser: the training worker is the coordinator (coordinator.ts) and starts its
 * replicas as nested dedicated Web Workers (src/worker/gradient.worker.ts), each with its own tfjs-wasm backend.
 * Same shared-memory protocol as the Node CLI; needs SharedArrayBuffer (a cross-origin isolated page).
 */
import type * as tf from '@tensorflow/tfjs';
import type { BatchStepRunner } from '../train-loop';
import { DataParallelCoordinator } from './coordinator';
import type { ReplicaHandle, ReplicaInit, SpawnReplica } from './transport';
import { errorMessage } from '../../core/result';

/** The first (and only) message a gradient worker receives. */
export interface GradientWorkerStart {
  init: ReplicaInit;
  /** XNNPACK threads of this replica: 1 loads the single-threaded build (no thread workers of its own). */
  threads: number;
}

/** What a gradient worker posts. */
export type GradientWorkerEvent = { type: 'ready' } | { type: 'error'; message: string };

/** Starts each replica in a nested Web Worker with `threads` XNNPACK threads. */
export function browserReplicaSpawner(threads: number): SpawnReplica {
  return (init, events): ReplicaHandle => {
    const w = new Worker(new URL('../../worker/gradient.worker.ts', import.meta.url), { type: 'module', name: `sora-gradient-${init.replica}` });
    w.onmessage = (ev: MessageEvent<GradientWorkerEvent>) => {
      if (ev.data.type === 'ready') events.ready();
      else events.error(ev.data.message);
    };
    w.onerror = (ev) => {
      ev.preventDefault();
      events.error(ev.message || errorMessage(ev.error));
    };
    w.onmessageerror = () => events.error('could not read a message from the worker');
    const start: GradientWorkerStart = { init, threads };
    w.postMessage(start);
    return {
      // The stop flag is up: the worker leaves its loop; terminate() also ends one stuck in a step.
      end: async () => w.terminate(),
    };
  };
}

export interface BrowserParallelOptions {
  /** Nested gradient workers to start (≥ 1). */
  gradientWorkers: number;
  /** This worker computes a shard of every batch too (false: it only coordinates while the gradient workers compute). */
  ownShard: boolean;
  /** XNNPACK threads per nested worker (1: single-threaded build). */
  threadsPerWorker: number;
  /** Largest batch the loop will hand the runner. */
  batchSize: number;
  numClasses: number;
}

/**
 * Runs `train` (the training loop, given the coordinator as its BatchStepRunner) with `gradientWorkers` nested
 * gradient workers computing shards of every batch (beside this worker's own shard when `ownShard`: the thread
 * plan, src/core/parallel/worker-count.ts planThreads); they are ended when training ends, however it ends.
 */
export async function withBrowserDataParallel<T>(
  model: tf.LayersModel,
  o: BrowserParallelOptions,
  train: (runner: BatchStepRunner) => Promise<T>,
): Promise<T> {
  const runner = await DataParallelCoordinator.start(
    model,
    { replicas: o.gradientWorkers + 1, ownShard: o.ownShard, batchSize: o.batchSize, numClasses: o.numClasses },
    browserReplicaSpawner(o.threadsPerWorker),
  );
  try {
    return await train(runner);
  } finally {
    await runner.dispose();
  }
}
