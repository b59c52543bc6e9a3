import { describe, expect, it } from 'vitest';
import { wasmPoolThreads } from '../core/parallel/worker-count';
import { withDataParallel, type ParallelPlan } from './parallel-training';
import type { TrainerCommand } from './protocol';
import type { TrainerDeps } from './training-session';

/** Stand-in deps: a model is a string; records which training path ran and the plan it was given. */
function setup(backend: string, shared = true, cores = 8, ownThreads = wasmPoolThreads(cores - 1, cores)) {
  const ran: string[] = [];
  const plans: ParallelPlan[] = [];
  const base = {
    prepareBackend: async () => ({ backend, reason: 'chosen', tried: [] }),
    train: async () => {
      ran.push('single');
      return { status: 'completed' };
    },
  } as unknown as TrainerDeps<string>;
  const p = withDataParallel(base, {
    cores,
    shared,
    ownThreads: () => ownThreads,
    trainParallel: async (_args, plan) => {
      plans.push(plan);
      ran.push(`parallel ${plan.ownShard ? 'own shard + ' : ''}${plan.gradientWorkers}×${plan.threadsPerWorker}`);
      return { status: 'completed' };
    },
  });
  const start = (workers?: number | 'auto', workerThreads?: number) =>
    p.noteCommand({ type: 'start', runId: 'r', config: { batchSize: 32 }, workers, workerThreads } as unknown as TrainerCommand);
  const run = async () => {
    const b = await p.deps.prepareBackend('auto');
    await p.deps.train('model', {} as never, { batchSize: 32 } as never, {} as never);
    return b.reason;
  };
  return { ran, plans, start, run, deps: p.deps };
}

describe('data-parallel session hook', () => {
  it("a start's Workers setting picks the data-parallel path; the thread plan is passed on and named on the backend line", async () => {
    const s = setup('wasm'); // 8 cores: the training worker asked for 7 XNNPACK threads and tfjs-wasm gave it 4
    s.start(2, 2);
    expect(await s.run()).toBe('chosen · 2 data-parallel workers · 2 gradient workers × 2 XNNPACK threads; the training worker coordinates');
    s.start('auto');
    expect(await s.run()).toBe(
      'chosen · 4 data-parallel workers (at least 8 images per worker in a batch of 32) · 4 gradient workers × 1 XNNPACK thread; the training worker coordinates',
    ); // 7 cores for training, batch 32
    s.start(2);
    expect(await s.run()).toBe('chosen · 2 data-parallel workers · 2 gradient workers × 3 XNNPACK threads; the training worker coordinates');
    s.start(1);
    expect(await s.run()).toBe('chosen · 1 worker');
    expect(s.ran).toEqual(['parallel 2×2', 'parallel 4×1', 'parallel 2×3', 'single']);
    expect(s.plans[1]).toEqual({ ownShard: false, gradientWorkers: 4, threadsPerWorker: 1 });
  });

  it('on 2 cores the training worker computes a shard beside one single-threaded gradient worker, as before', async () => {
    const s = setup('wasm', true, 2);
    s.start('auto');
    expect(await s.run()).toBe('chosen · 2 data-parallel workers · the training worker (1 XNNPACK thread) + 1 gradient worker × 1 XNNPACK thread');
    expect(s.plans).toEqual([{ ownShard: true, gradientWorkers: 1, threadsPerWorker: 1 }]);
  });

  it("plans with the training worker's actual pool: a single-threaded one computes a shard like any gradient worker", async () => {
    const s = setup('wasm', true, 8, 1);
    s.start('auto');
    await s.run();
    expect(s.ran).toEqual(['parallel own shard + 3×1']);
  });

  it('trains on one worker off wasm, without SharedArrayBuffer, and for a backend prepared outside a start', async () => {
    const webgl = setup('webgl');
    webgl.start(3);
    expect(await webgl.run()).toContain('1 worker (data-parallel workers need the WASM backend');
    const plain = setup('wasm', false);
    plain.start(3);
    expect(await plain.run()).toContain('not cross-origin isolated');
    const profile = setup('wasm');
    expect(await profile.run()).toBe('chosen');
    expect([...webgl.ran, ...plain.ran, ...profile.ran]).toEqual(['single', 'single', 'single']);
  });
});
