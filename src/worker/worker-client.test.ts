import { describe, expect, it } from 'vitest';
import type { TrainerEvent } from './protocol';
import { TrainerClient, type WorkerLike } from './worker-client';
import { DEFAULT_TRAIN_CONFIG } from './protocol';
import { ioDesign } from '../test-support/designs';

class FakeWorker implements WorkerLike {
  sent: unknown[] = [];
  terminated = false;
  onmessage: ((ev: MessageEvent) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  onmessageerror: ((ev: MessageEvent) => void) | null = null;
  postMessage(m: unknown) {
    this.sent.push(m);
  }
  terminate() {
    this.terminated = true;
  }
  emit(e: TrainerEvent) {
    this.onmessage?.({ data: e } as MessageEvent);
  }
}

function setup() {
  let now = 0;
  let tick: (() => void) | null = null;
  const workers: FakeWorker[] = [];
  const client = new TrainerClient(
    () => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    },
    { heartbeatTimeoutMs: 5000, now: () => now, setInterval: (fn) => ((tick = fn), 1), clearInterval: () => (tick = null) },
  );
  const events: TrainerEvent[] = [];
  client.subscribe((e) => events.push(e));
  const advance = (ms: number) => {
    now += ms;
    tick?.();
  };
  return { client, workers, events, advance };
}

const start = {
  type: 'start' as const,
  runId: 'r1',
  design: ioDesign([28, 28, 1], 10),
  config: DEFAULT_TRAIN_CONFIG,
  dataset: { kind: 'mnist' as const },
};

describe('TrainerClient', () => {
  it('forwards events and keeps one worker', () => {
    const { client, workers, events } = setup();
    client.send(start);
    client.send({ type: 'pause', runId: 'r1' });
    expect(workers.length).toBe(1);
    expect(workers[0].sent.map((m) => (m as { type: string }).type)).toEqual(['start', 'pause']);
    workers[0].emit({ type: 'paused', runId: 'r1' });
    expect(events).toEqual([{ type: 'paused', runId: 'r1' }]);
  });

  it('turns a crash into an error for the run in flight and restarts on the next command', () => {
    const { client, workers, events } = setup();
    client.send(start);
    workers[0].onerror?.({ message: 'out of memory', preventDefault() {} } as ErrorEvent);
    expect(events).toEqual([{ type: 'error', runId: 'r1', message: 'The training worker crashed: out of memory' }]);
    expect(workers[0].terminated).toBe(true);
    client.send({ type: 'inspect', requestId: 'q', dataset: { kind: 'mnist' }, imageShape: [28, 28, 1] });
    expect(workers.length).toBe(2);
  });

  it('sends stored dataset files once, and again to a worker that replaces a crashed one; dropped ones are not resent', () => {
    const { client, workers } = setup();
    const files = [{ name: 'a.idx', data: new ArrayBuffer(4) }];
    client.storeDataset('d1', 'a.idx', files);
    client.storeDataset('d2', 'b.idx', files);
    const ref = { kind: 'stored' as const, id: 'd1', label: 'a.idx' };
    client.send({ type: 'inspect', requestId: 'q', dataset: ref, imageShape: [28, 28, 1] });
    client.dropDataset('d2');
    expect(workers[0].sent.map((m) => (m as { type: string }).type)).toEqual(['store-dataset', 'store-dataset', 'inspect', 'drop-dataset']);
    workers[0].onerror?.({ message: 'out of memory', preventDefault() {} } as ErrorEvent);
    client.send({ ...start, dataset: ref });
    expect(workers.length).toBe(2);
    expect(workers[1].sent).toEqual([
      { type: 'store-dataset', datasetId: 'd1', label: 'a.idx', files },
      { ...start, dataset: ref },
    ]);
  });

  it('declares a silent busy worker dead, but not an idle one', () => {
    const { client, workers, events, advance } = setup();
    client.send({ type: 'pause', runId: 'none' });
    advance(60_000);
    expect(events.length).toBe(0);
    client.send(start);
    advance(3000);
    workers[0].emit({ type: 'heartbeat', at: 1 });
    advance(4000);
    expect(events.filter((e) => e.type === 'error').length).toBe(0);
    advance(2000);
    expect(events[events.length - 1]).toEqual({
      type: 'error',
      runId: 'r1',
      message: 'The training worker stopped responding (no heartbeat for 5 s); it was restarted.',
    });
    expect(workers[0].terminated).toBe(true);
  });

  it('fails pending dataset requests when the worker dies, and reports messageerror', () => {
    const { client, workers, events } = setup();
    client.send({ type: 'inspect', requestId: 'q1', dataset: { kind: 'mnist' }, imageShape: [28, 28, 1] });
    workers[0].onmessageerror?.({} as MessageEvent);
    expect(events.map((e) => e.type)).toEqual(['error', 'dataset-error']);
    expect(events[1]).toMatchObject({ requestId: 'q1' });
  });

  it('replaces a worker whose backend broke (wasm trap / out of memory) so the next run gets a fresh one', () => {
    const { client, workers, events } = setup();
    client.send(start);
    workers[0].emit({ type: 'error', runId: 'r1', message: 'RuntimeError: memory access out of bounds', fatal: true });
    expect(events).toEqual([
      { type: 'error', runId: 'r1', message: 'RuntimeError: memory access out of bounds (the training worker was restarted)' },
    ]);
    expect(workers[0].terminated).toBe(true);
    client.send({ ...start, runId: 'r2' });
    expect(workers).toHaveLength(2);
    expect(workers[1].sent).toEqual([{ ...start, runId: 'r2' }]);
    workers[1].emit({ type: 'epoch', runId: 'r2', metrics: { epoch: 0, loss: 1, accuracy: 0.5, seconds: 1 } });
    expect(events[events.length - 1].type).toBe('epoch');
  });

  it('also recognises a broken backend by its message when the worker did not flag it', () => {
    const { client, workers } = setup();
    client.send(start);
    workers[0].emit({ type: 'error', runId: 'r1', message: 'Aborted(OOM). Build with -sASSERTIONS for more info.' });
    expect(workers[0].terminated).toBe(true);
    const ordinary = setup();
    ordinary.client.send(start);
    ordinary.workers[0].emit({ type: 'error', runId: 'r1', message: 'The design has no Input block.' });
    expect(ordinary.workers[0].terminated).toBe(false);
  });

  it('an error without a run id fails the busy run and leaves nothing busy (worker replaced)', () => {
    const { client, workers, events, advance } = setup();
    client.send(start);
    workers[0].emit({ type: 'error', message: 'Training worker error: boom' });
    expect(events).toEqual([{ type: 'error', runId: 'r1', message: 'Training worker error: boom (the training worker was restarted)' }]);
    expect(workers[0].terminated).toBe(true);
    // Nothing is left waiting: no watchdog fires later for the old run.
    advance(60_000);
    expect(events).toHaveLength(1);
    expect(client.isAlive).toBe(false);
  });

  it('names what a crashed worker raised, never "[object ErrorEvent]"', () => {
    const { client, workers, events } = setup();
    client.send(start);
    const crash = {
      type: 'error',
      message: 'Uncaught [object ErrorEvent]',
      filename: 'http://127.0.0.1:4173/assets/training.worker-Bx1.js',
      lineno: 0,
      colno: 0,
      preventDefault() {},
    };
    workers[0].onerror?.(crash as unknown as ErrorEvent);
    const message = (events[0] as { message: string }).message;
    expect(message).toBe('The training worker crashed: no error message (at training.worker-Bx1.js)');
    expect(message).not.toContain('[object');
  });
});
