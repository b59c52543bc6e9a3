import { describe, expect, it } from 'vitest';
import type { RunRecord } from './persistence/runs-db';
import { inspectModelFor, sendProbe } from './inspect-probes';
import type { ProbeResult, TrainerEvent, WeightsBlob } from '../worker/protocol';
import { ioDesign } from '../test-support/designs';
import { TrainerClient, type WorkerLike } from '../worker/worker-client';

class FakeWorker implements WorkerLike {
  sent: { type: string; requestId?: string }[] = [];
  onmessage: ((ev: MessageEvent) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  onmessageerror: ((ev: MessageEvent) => void) | null = null;
  postMessage(m: unknown) {
    this.sent.push(m as { type: string; requestId?: string });
  }
  terminate() {}
  emit(e: TrainerEvent) {
    this.onmessage?.({ data: e } as MessageEvent);
  }
}

function client(): { client: TrainerClient; worker: () => FakeWorker } {
  const workers: FakeWorker[] = [];
  const c = new TrainerClient(
    () => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    },
    { setInterval: () => 1, clearInterval: () => undefined },
  );
  return { client: c, worker: () => workers[workers.length - 1] };
}

const design = ioDesign([2, 2, 1], 3);
const request = { kind: 'field' as const, model: { design }, blockId: 'in', sampleCount: 4 };

describe('sendProbe', () => {
  it('resolves with the answer to its own request id and rejects with the worker’s message', async () => {
    const { client: c, worker } = client();
    const first = sendProbe(request, { kind: 'mnist' }, c);
    const second = sendProbe(request, undefined, c);
    const [a, b] = worker().sent;
    expect(a).toMatchObject({ type: 'probe', dataset: { kind: 'mnist' } });
    expect(b).not.toHaveProperty('dataset');
    const result = { kind: 'field' } as ProbeResult;
    worker().emit({ type: 'probe-error', requestId: b.requestId!, message: 'busy' });
    worker().emit({ type: 'probe-result', requestId: a.requestId!, result });
    await expect(first).resolves.toBe(result);
    await expect(second).rejects.toThrow('busy');
  });

  it('rejects when the worker dies before answering', async () => {
    const { client: c, worker } = client();
    const pending = sendProbe(request, undefined, c);
    worker().onerror?.({ message: 'boom', preventDefault: () => undefined } as ErrorEvent);
    await expect(pending).rejects.toThrow(/crashed/);
  });
});

describe('inspectModelFor', () => {
  const weights: WeightsBlob = { weightSpecs: [], weightData: new ArrayBuffer(0) };
  const run = (id: string, startedAt: number, status: RunRecord['status'], hasWeights = true) =>
    ({
      id,
      variantId: 'v1',
      design: { ...design, name: `as trained ${id}` },
      status,
      startedAt,
      hasWeights,
      final: { testAccuracy: 0.9876 },
    }) as unknown as RunRecord;
  const runs = [run('old', 1, 'completed'), run('new', 3, 'stopped'), run('failed', 5, 'failed', false), run('other-variant', 9, 'completed')];
  runs[3].variantId = 'v2';

  it('uses the newest run of the variant with weights, with its design as trained', async () => {
    const asked: string[] = [];
    const m = await inspectModelFor('v1', design, runs, true, async (id) => (asked.push(id), weights));
    expect(asked).toEqual(['new']);
    expect(m.design.name).toBe('as trained new');
    expect(m.weights).toBe(weights);
    expect(m.label).toMatch(/trained run of .* · 98\.8% test/);
  });

  it('falls back to the current design with fresh weights (unticked, no run, or weights not saved)', async () => {
    expect(await inspectModelFor('v1', design, runs, false, async () => weights)).toEqual({ design, label: 'fresh weights' });
    expect(await inspectModelFor('v3', design, runs, true, async () => weights)).toEqual({ design, label: 'fresh weights (no trained run yet)' });
    expect((await inspectModelFor('v1', design, runs, true, async () => undefined)).label).toMatch(/not saved/);
  });
});
