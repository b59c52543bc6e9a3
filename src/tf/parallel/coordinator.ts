/**
 * Data-parallel training, the coordinator's side (Node and browser alike: the replicas are started by a
 * transport, transport.ts). The coordinator (this thread, which owns the model and the optimizer) and
 * `replicas − 1` workers (each with its own tfjs-wasm backend and a replica of the model, running
 * replica-loop.ts) split every batch into contiguous shards — or, with `ownShard: false`, the workers alone do
 * (the browser's thread plan, src/core/parallel/worker-count.ts planThreads). Each replica computes the gradients of its shard's mean loss;
 * the coordinator averages them weighted by shard size — exactly the full-batch mean gradient — applies ONE
 * optimizer step to its own variables and writes the updated weights into shared memory, where the workers load
 * them before the next step. Batch-norm normalises with per-shard statistics (as PyTorch DDP does); the moving
 * statistics become the shard-size-weighted average of the replicas' updated ones. The batch travels through a
 * SharedArrayBuffer: the dataset itself stays in the coordinator, never copied to a worker.
 *
 * Plugs into trainModel as its BatchStepRunner. See docs/parallel-training.md.
 */
import * as tf from '@tensorflow/tfjs';
import type { BatchStepRunner } from '../train-loop';
import type { ReplicaHandle, SpawnReplica } from './transport';
import {
  CTRL_DONE,
  CTRL_ERROR,
  CTRL_N,
  CTRL_SEQ,
  CTRL_STOP,
  type SharedBuffers,
  type SharedLayout,
  type SharedViews,
  allocateShared,
  elementCount,
  replicaShards,
  viewsOf,
} from './layout';
import { runShard, storeMomenta, storeWeights, weightShapesOf } from './replica-step';
import { dropoutRunSeed } from '../seeded-dropout';
import { errorMessage } from '../../core/result';

export interface DataParallelOptions {
  /** The coordinator and its worker threads (1 = no worker threads); all compute gradients unless ownShard is false. */
  replicas: number;
  /** false: the coordinator computes no shard, only coordinates; `replicas − 1` workers split each batch (default true). */
  ownShard?: boolean;
  /** Largest batch the runner will be given. */
  batchSize: number;
  numClasses: number;
}

/** Milliseconds spent per phase, summed over steps (for the overhead figures in docs/parallel-training.md). */
export interface DataParallelTimings {
  steps: number;
  /** The coordinator's own shard. */
  ownShardMs: number;
  /** Waiting for the workers after the own shard. */
  waitMs: number;
  /** Averaging the gradients and statistics, and the optimizer step. */
  reduceAndApplyMs: number;
  /** Copying the batch in and the updated weights out (the broadcast). */
  copyMs: number;
}

interface AtomicsWithWaitAsync {
  waitAsync(a: Int32Array, index: number, value: number, timeout?: number): { async: false; value: string } | { async: true; value: Promise<string> };
}

/** The weighted mean Σ_r w_r·slot_r[from, from + length) in float64, returned as float32. */
function weightedMean(slots: Float32Array[], weights: number[], from: number, length: number): Float32Array {
  const acc = new Float64Array(length);
  slots.forEach((s, r) => {
    const w = weights[r];
    if (w === 0) return;
    for (let i = 0; i < length; i++) acc[i] += w * s[from + i];
  });
  return Float32Array.from(acc);
}

export class DataParallelCoordinator implements BatchStepRunner {
  readonly timings: DataParallelTimings = { steps: 0, ownShardMs: 0, waitMs: 0, reduceAndApplyMs: 0, copyMs: 0 };
  private failure: Error | null = null;
  private failed: Promise<never>;
  private failWith: (e: Error) => void = () => {};
  private disposed = false;

  private constructor(
    private readonly model: tf.LayersModel,
    private readonly layout: SharedLayout,
    private readonly views: SharedViews,
    private readonly workers: ReplicaHandle[],
  ) {
    this.failed = new Promise<never>((_, reject) => {
      this.failWith = (e) => {
        if (!this.failure) this.failure = e;
        reject(e);
      };
    });
    this.failed.catch(() => {});
  }

  /** Starts the replicas through `spawn` (each loads tfjs-wasm and builds its replica) and shares the model's weights. */
  static async start(model: tf.LayersModel, opts: DataParallelOptions, spawn: SpawnReplica): Promise<DataParallelCoordinator> {
    if (!(Number.isInteger(opts.replicas) && opts.replicas >= (opts.ownShard === false ? 2 : 1)))
      throw new Error(`data-parallel: replicas must be a positive integer (at least 2 when the coordinator computes no shard), got ${opts.replicas}`);
    const inShape = model.inputs[0].shape.slice(1) as number[];
    if (inShape.length !== 3) throw new Error(`data-parallel: the model input must be [H, W, C], got [${inShape.join(', ')}]`);
    const layout: SharedLayout = {
      replicas: opts.replicas,
      ...(opts.ownShard === false ? { ownShard: false } : {}),
      batchSize: opts.batchSize,
      imageShape: [inShape[0], inShape[1], inShape[2]],
      numClasses: opts.numClasses,
      ...weightShapesOf(model),
    };
    const buffers: SharedBuffers = allocateShared(layout);
    const views = viewsOf(layout, buffers);
    storeWeights(model, views.weights);
    const topology = JSON.stringify(model.toJSON(null, false));
    const dropoutSeed = dropoutRunSeed(model);
    const workers: ReplicaHandle[] = [];
    const runner = new DataParallelCoordinator(model, layout, views, workers);
    const ready: Promise<void>[] = [];
    for (let r = 1; r < opts.replicas; r++) {
      ready.push(
        new Promise<void>((resolve) => {
          const fail = (what: string) => runner.failWith(new Error(`data-parallel worker ${r}${what}`));
          try {
            workers.push(
              spawn(
                { layout, buffers, topology, replica: r, ...(dropoutSeed !== undefined ? { dropoutSeed } : {}) },
                {
                  ready: resolve,
                  error: (message) => fail(`: ${message}`),
                  exit: (detail) => {
                    if (!runner.disposed) fail(` ${detail}`);
                  },
                },
              ),
            );
          } catch (e) {
            fail(`: ${errorMessage(e)}`);
          }
        }),
      );
    }
    try {
      await Promise.race([Promise.all(ready), runner.failed]);
    } catch (e) {
      await runner.dispose();
      throw e;
    }
    return runner;
  }

  get replicas(): number {
    return this.layout.replicas;
  }

  /**
   * Every replica's shard of the first `n` images: fills the replicas' slots and returns the shard sizes. The
   * replicas start from the coordinator's current weights and batch-norm momenta (written here, so anything that
   * changed the model between steps — BN re-estimation, early stopping's restore — reaches them).
   */
  async computeShards(x: Float32Array, labels: Int32Array, n: number): Promise<number[]> {
    if (this.disposed) throw new Error('data-parallel: the runner was disposed');
    if (this.failure) throw this.failure;
    if (!(n >= 1 && n <= this.layout.batchSize)) throw new Error(`data-parallel: batch of ${n} images, expected 1..${this.layout.batchSize}`);
    const [h, w, c] = this.layout.imageShape;
    const size = h * w * c;
    const v = this.views;
    let t = performance.now();
    storeWeights(this.model, v.weights);
    storeMomenta(this.model, v.momenta);
    v.images.set(x.subarray(0, n * size));
    v.labels.set(labels.subarray(0, n));
    this.timings.copyMs += performance.now() - t;
    const bounds = replicaShards(this.layout, n);
    Atomics.store(v.control, CTRL_N, n);
    Atomics.store(v.control, CTRL_DONE, 0);
    Atomics.add(v.control, CTRL_SEQ, 1);
    Atomics.notify(v.control, CTRL_SEQ);
    t = performance.now();
    const [s0, e0] = bounds[0];
    if (e0 > s0) runShard(this.model, v.images.subarray(s0 * size, e0 * size), v.labels.subarray(s0, e0), e0 - s0, this.layout.numClasses, v.slot(0));
    else v.slot(0).fill(0);
    this.timings.ownShardMs += performance.now() - t;
    t = performance.now();
    await this.waitForWorkers();
    this.timings.waitMs += performance.now() - t;
    return bounds.map(([s, e]) => e - s);
  }

  private async waitForWorkers(): Promise<void> {
    const c = this.views.control;
    const expected = this.workers.length;
    const atomics = Atomics as unknown as AtomicsWithWaitAsync;
    for (;;) {
      const done = Atomics.load(c, CTRL_DONE);
      if (done >= expected) break;
      if (this.failure) throw this.failure;
      const r = atomics.waitAsync(c, CTRL_DONE, done, 1000);
      if (r.async) await Promise.race([r.value, this.failed]);
    }
    if (Atomics.load(c, CTRL_ERROR) !== 0) {
      // The worker posted its message before raising the flag: wait for it to arrive.
      await Promise.race([this.failed, new Promise((resolve) => setTimeout(resolve, 1000))]);
      throw this.failure ?? new Error(`data-parallel worker ${Atomics.load(c, CTRL_ERROR)} failed`);
    }
  }

  /** The shard-size-weighted mean gradients (one per trainable weight) of the last computeShards call. */
  averagedGradients(shardSizes: number[]): Float32Array[] {
    const n = shardSizes.reduce((a, b) => a + b, 0);
    const weights = shardSizes.map((s) => s / n);
    const slots = shardSizes.map((_, r) => this.views.slot(r));
    let o = 0;
    return this.layout.trainableShapes.map((shape) => {
      const len = elementCount([shape]);
      const g = weightedMean(slots, weights, o, len);
      o += len;
      return g;
    });
  }

  /** The batch-mean loss and the correct count of the last computeShards call. */
  lossAndHits(shardSizes: number[]): { loss: number; hits: number } {
    const n = shardSizes.reduce((a, b) => a + b, 0);
    const at = elementCount(this.layout.trainableShapes) + elementCount(this.layout.stateShapes);
    let loss = 0;
    let hits = 0;
    shardSizes.forEach((s, r) => {
      const slot = this.views.slot(r);
      loss += (s / n) * slot[at];
      hits += slot[at + 1];
    });
    return { loss, hits };
  }

  async step(x: Float32Array, labels: Int32Array, n: number, optimizer: tf.Optimizer): Promise<{ loss: number; hits: number }> {
    const sizes = await this.computeShards(x, labels, n);
    let t = performance.now();
    const grads = this.averagedGradients(sizes);
    const vars = this.model.trainableWeights.map((w) => w.read() as tf.Variable);
    tf.tidy(() => {
      const named: tf.NamedTensorMap = {};
      vars.forEach((v, i) => (named[v.name] = tf.tensor(grads[i], v.shape, 'float32')));
      optimizer.applyGradients(named);
    });
    this.averageStatistics(sizes);
    this.timings.reduceAndApplyMs += performance.now() - t;
    this.timings.steps++;
    return this.lossAndHits(sizes);
  }

  /** Batch-norm moving statistics ← the shard-size-weighted mean of the replicas' updated values. */
  private averageStatistics(shardSizes: number[]): void {
    const states = this.model.nonTrainableWeights;
    if (states.length === 0) return;
    const n = shardSizes.reduce((a, b) => a + b, 0);
    const weights = shardSizes.map((s) => s / n);
    const slots = shardSizes.map((_, r) => this.views.slot(r));
    let o = elementCount(this.layout.trainableShapes);
    for (const s of states) {
      const v = s.read() as tf.Variable;
      const mean = weightedMean(slots, weights, o, v.size);
      tf.tidy(() => v.assign(tf.tensor(mean, v.shape, 'float32')));
      o += v.size;
    }
  }

  /** Stops the replicas (idempotent). */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const c = this.views.control;
    Atomics.store(c, CTRL_STOP, 1);
    Atomics.add(c, CTRL_SEQ, 1);
    Atomics.notify(c, CTRL_SEQ);
    await Promise.all(this.workers.map((w) => w.end()));
  }
}
