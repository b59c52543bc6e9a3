import { describe, expect, it } from 'vitest';
import type { ProbeImages, ProbeRequest } from '../tf/inspect/probe';
import { handleProbe, noiseImages, type ProbeDeps } from './probe-session';
import type { TrainerEvent } from './protocol';
import { tinyDataset } from '../test-support/datasets';
import { ioDesign } from '../test-support/designs';

const design = ioDesign([2, 2, 1], 3);
const field = (sampleCount: number): ProbeRequest => ({ kind: 'field', model: { design }, blockId: 'in', sampleCount });

function deps(testShape: [number, number, number], seen: (ProbeImages | null)[]): ProbeDeps {
  return {
    loadDataset: async () => {
      const test = tinyDataset(5, 3, testShape);
      return { split: { train: test, test }, summary: { name: 'tiny' } as never };
    },
    prepareBackend: async () => ({}),
    runProbe: async (_request, images) => {
      seen.push(images);
      throw new Error('stop here');
    },
  };
}

async function run(request: ProbeRequest, d: ProbeDeps, busy = false, withDataset = true): Promise<TrainerEvent[]> {
  const events: TrainerEvent[] = [];
  await handleProbe(
    { type: 'probe', requestId: 'r1', request, ...(withDataset ? { dataset: { kind: 'mnist' } } : {}) },
    d,
    (e) => events.push(e),
    busy,
  );
  return events;
}

describe('handleProbe', () => {
  it('refuses while the worker is busy, without touching the model', async () => {
    const seen: (ProbeImages | null)[] = [];
    const events = await run(field(4), deps([2, 2, 1], seen), true);
    expect(events).toEqual([{ type: 'probe-error', requestId: 'r1', message: expect.stringMatching(/busy/) }]);
    expect(seen).toEqual([]);
  });

  it('averages over the first test images when they fit the Input, capped by the test set', async () => {
    const seen: (ProbeImages | null)[] = [];
    const events = await run(field(32), deps([2, 2, 1], seen));
    expect(seen[0]!.count).toBe(5);
    expect(seen[0]!.data.length).toBe(5 * 4);
    expect(seen[0]!.source).toBe('5 tiny test images');
    // The runner's failure reaches the page as the request's error.
    expect(events).toEqual([{ type: 'probe-error', requestId: 'r1', message: 'stop here' }]);
  });

  it('falls back to seeded noise when the dataset does not fit the Input (or there is none)', async () => {
    const seen: (ProbeImages | null)[] = [];
    await run(field(3), deps([4, 4, 1], seen));
    await run(field(3), deps([2, 2, 1], seen), false, false);
    for (const images of seen) {
      expect(images!.count).toBe(3);
      expect(images!.source).toMatch(/random-noise/);
      expect(images!.data).toEqual(noiseImages([2, 2, 1], 3).data);
      expect(Math.min(...images!.data)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...images!.data)).toBeLessThan(1);
    }
  });
});
