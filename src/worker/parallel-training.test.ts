import { describe, expect, it } from 'vitest';
import { withDataParallel } from './parallel-training';
import type { TrainerCommand } from './protocol';
import type { TrainerDeps } from './training-session';

/** Stand-in deps: a model is a string; records which training path ran. */
function setup(backend: string, shared = true) {
  const ran: string[] = [];
  const base = {
    prepareBackend: async () => ({ backend, reason: 'chosen', tried: [] }),
    train: async () => {
      ran.push('single');
      return { status: 'completed' };
    },
  } as unknown as TrainerDeps<string>;
  const p = withDataParallel(base, {
    cores: 8,
    shared,
    trainParallel: async (_args, o) => {
      ran.push(`parallel ${o.workers}×${o.threadsPerWorker}`);
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
  return { ran, start, run, deps: p.deps };
}

describe('data-parallel session hook', () => {
  it("a start's Workers setting picks the data-parallel path and is named on the backend line", async () => {
    const s = setup('wasm');
    s.start(2, 2);
    expect(await s.run()).toBe('chosen · 2 data-parallel workers');
    s.start('auto');
    expect(await s.run()).toBe('chosen · 4 data-parallel workers (at least 8 images per worker in a batch of 32)'); // 7 cores, batch 32
    s.start(1);
    expect(await s.run()).toBe('chosen · 1 worker');
    expect(s.ran).toEqual(['parallel 2×2', 'parallel 4×1', 'single']);
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
