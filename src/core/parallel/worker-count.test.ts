import { describe, expect, it } from 'vitest';
import {
  autoWorkers,
  describeWorkers,
  planThreads,
  resolveWorkerCount,
  trainingThreadBudget,
  trainingWorkerThreads,
  wasmPoolThreads,
  type ThreadPlan,
} from './worker-count';

const base = { cores: 8, batchSize: 64, backend: 'wasm', shared: true } as const;

describe('browser worker count', () => {
  it('auto uses all cores but one, both cores of a 2-core machine, at least one', () => {
    expect(autoWorkers(8)).toBe(7);
    expect(autoWorkers(4)).toBe(3);
    expect(autoWorkers(3)).toBe(2);
    expect(autoWorkers(2)).toBe(2);
    expect(autoWorkers(1)).toBe(1);
    expect(resolveWorkerCount({ ...base, setting: 'auto' })).toEqual({ workers: 7 });
  });

  it('auto leaves every worker at least 8 images; an explicit count is kept up to the batch size', () => {
    expect(resolveWorkerCount({ ...base, setting: 'auto', batchSize: 16 }).workers).toBe(2);
    expect(resolveWorkerCount({ ...base, setting: 3, batchSize: 16 })).toEqual({ workers: 3 });
    expect(resolveWorkerCount({ ...base, setting: 4, batchSize: 2 }).workers).toBe(2);
  });

  it('uses one worker off wasm or without SharedArrayBuffer, and says why', () => {
    const webgl = resolveWorkerCount({ ...base, setting: 2, backend: 'webgl' });
    expect(webgl.workers).toBe(1);
    expect(describeWorkers(webgl)).toContain('need the WASM backend');
    const isolated = resolveWorkerCount({ ...base, setting: 'auto', shared: false });
    expect(isolated.workers).toBe(1);
    expect(isolated.why).toContain('not cross-origin isolated');
    expect(describeWorkers({ workers: 2 })).toBe('2 data-parallel workers');
  });

  it('keeps an explicit count up to the cores (what the Workers control offers; 2 on one core)', () => {
    expect(resolveWorkerCount({ ...base, cores: 4, setting: 6 })).toEqual({ workers: 4, why: 'at most one worker per core (4 cores)' });
    expect(resolveWorkerCount({ ...base, cores: 4, setting: 4 })).toEqual({ workers: 4 });
    expect(resolveWorkerCount({ ...base, cores: 1, setting: 2 })).toEqual({ workers: 2 });
    expect(resolveWorkerCount({ ...base, cores: 2, setting: 3 }).workers).toBe(2);
  });
});

/** [ownShard, gradient workers, threads per gradient worker, busy threads] of a plan. */
const shape = (p: ThreadPlan) => [p.ownShard, p.gradientWorkers, p.threadsPerWorker, p.busyThreads];
const plan = (cores: number, workers: number) => planThreads({ cores, workers, isolated: true });

describe('thread plan of a browser training run', () => {
  it("the training worker asks for all cores but one; tfjs-wasm gives at most 8 and half the cores; training may keep Auto's threads busy", () => {
    expect([2, 4, 8, 16, 64].map(trainingWorkerThreads)).toEqual([1, 3, 7, 15, 63]);
    expect([2, 4, 8, 16, 64].map((c) => wasmPoolThreads(trainingWorkerThreads(c), c))).toEqual([1, 2, 4, 8, 8]);
    expect(wasmPoolThreads(3, 64)).toBe(3);
    expect(wasmPoolThreads(31, 64)).toBe(8);
    expect(wasmPoolThreads(2, 1)).toBe(1);
    expect([1, 2, 3, 4, 8, 16, 64].map(trainingThreadBudget)).toEqual([1, 2, 2, 3, 7, 15, 63]);
    expect(trainingWorkerThreads(1)).toBe(1);
  });

  it('1 worker: the training worker computes every batch on the pool it asked cores − 1 threads for, as before', () => {
    const plans = [2, 4, 8, 16, 64].map((cores) => plan(cores, 1));
    expect(plans.map((p) => p.ownThreads)).toEqual([1, 2, 4, 8, 8]);
    for (const p of plans)
      expect(p).toEqual({ ownShard: true, ownThreads: p.ownThreads, gradientWorkers: 0, threadsPerWorker: 1, busyThreads: p.ownThreads });
  });

  it('2 cores: both workers compute a shard on one thread each, the training worker included (unchanged)', () => {
    expect(plan(2, autoWorkers(2))).toEqual({ ownShard: true, ownThreads: 1, gradientWorkers: 1, threadsPerWorker: 1, busyThreads: 2 });
  });

  it('more cores: the training worker only coordinates and the gradient workers share the budget evenly', () => {
    // [cores, workers] → [ownShard, gradient workers, threads each, busy threads]
    expect(shape(plan(3, autoWorkers(3)))).toEqual([true, 1, 1, 2]); // the training worker's pool is 1 thread here
    expect(shape(plan(4, 2))).toEqual([false, 2, 1, 2]);
    expect(shape(plan(4, autoWorkers(4)))).toEqual([false, 3, 1, 3]);
    expect(shape(plan(8, 2))).toEqual([false, 2, 3, 6]);
    expect(shape(plan(8, autoWorkers(8)))).toEqual([false, 7, 1, 7]);
    expect(shape(plan(16, 2))).toEqual([false, 2, 7, 14]);
    expect(shape(plan(16, autoWorkers(16)))).toEqual([false, 15, 1, 15]);
    expect(autoWorkers(64)).toBe(16);
    expect(shape(plan(64, autoWorkers(64)))).toEqual([false, 16, 3, 48]);
    // 64 cores, 2 workers: tfjs-wasm caps both pools at 8, so the training worker computes a shard beside one gradient worker.
    expect(shape(plan(64, 2))).toEqual([true, 1, 8, 16]);
  });

  it('before: the training worker computed shard 0 on its whole pool beside single-threaded gradient workers', () => {
    // The old busy threads with Auto — pool + (workers − 1) — against the plan's.
    const before = (cores: number) => wasmPoolThreads(trainingWorkerThreads(cores), cores) + autoWorkers(cores) - 1;
    expect([2, 4, 8, 16, 64].map(before)).toEqual([2, 4, 10, 22, 23]);
    expect([2, 4, 8, 16, 64].map((c) => plan(c, autoWorkers(c)).busyThreads)).toEqual([2, 3, 7, 15, 48]);
  });

  it('busy threads never exceed the cores for any count up to the cores', () => {
    for (const cores of [2, 3, 4, 8, 16, 64]) {
      for (let workers = 1; workers <= Math.min(cores, 16); workers++) {
        const p = plan(cores, workers);
        expect(p.busyThreads, `${cores} cores, ${workers} workers`).toBeLessThanOrEqual(cores);
        expect(p.busyThreads).toBe((p.ownShard ? p.ownThreads : 0) + p.gradientWorkers * p.threadsPerWorker);
        expect(p.gradientWorkers + (p.ownShard ? 1 : 0)).toBe(workers);
      }
    }
  });

  it('more workers than cores: one thread each, as many busy threads as workers', () => {
    expect(shape(plan(2, 3))).toEqual([true, 2, 1, 3]);
    expect(shape(plan(4, 6))).toEqual([false, 6, 1, 6]);
    expect(shape(plan(8, 12))).toEqual([false, 12, 1, 12]);
    expect(shape(plan(1, 2))).toEqual([true, 1, 1, 2]);
  });

  it("follows the training worker's actual pool, the bench's threads per worker, and a page that is not isolated", () => {
    // A pool of one thread (the single-threaded build) computes shard 0 like any gradient worker.
    expect(shape(planThreads({ cores: 8, workers: 7, isolated: true, ownThreads: 1 }))).toEqual([true, 6, 1, 7]);
    // Benches' workerThreads: 8 cores, 2 workers × 2 threads; on 2 cores tfjs-wasm gives a threaded pool 1 thread.
    expect(shape(planThreads({ cores: 8, workers: 2, isolated: true, threadsPerWorker: 2 }))).toEqual([false, 2, 2, 4]);
    expect(shape(planThreads({ cores: 2, workers: 2, isolated: true, threadsPerWorker: 2 }))).toEqual([true, 1, 1, 2]);
    expect(planThreads({ cores: 8, workers: 7, isolated: false })).toEqual({
      ownShard: true,
      ownThreads: 1,
      gradientWorkers: 0,
      threadsPerWorker: 1,
      busyThreads: 1,
    });
  });
});
