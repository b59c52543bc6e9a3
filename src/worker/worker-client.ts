import type { NamedBuffer } from '../data/dataset-errors';
import type { TrainerCommand, TrainerEvent } from './protocol';
import { describeError, isFatalErrorText } from './worker-errors';
import { errorMessage } from '../core/result';

/** The part of `Worker` the client uses (a fake in tests). */
export interface WorkerLike {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  terminate(): void;
  onmessage: ((ev: MessageEvent) => void) | null;
  onerror: ((ev: ErrorEvent) => void) | null;
  onmessageerror: ((ev: MessageEvent) => void) | null;
}

export interface TrainerClientOptions {
  /** Milliseconds without any message from a busy worker before it is declared dead. */
  heartbeatTimeoutMs?: number;
  /** How often the watchdog checks. */
  checkIntervalMs?: number;
  now?: () => number;
  setInterval?: (fn: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
}

export type TrainerListener = (event: TrainerEvent) => void;

/** The real worker; the URL form lets Vite bundle it (and tfjs) as a separate chunk. */
export function createTrainingWorker(): WorkerLike {
  return new Worker(new URL('./training.worker.ts', import.meta.url), { type: 'module', name: 'sora-training' });
}

/**
 * Main-thread side of the protocol. Starts the worker lazily, forwards typed events, and turns a worker that
 * dies (onerror, messageerror, or silence while busy) into an `error` event for the run in flight; the next
 * command starts a fresh worker. A worker that reports a fatal error (its wasm backend trapped or ran out of
 * memory: every later run in it would fail) or an error it cannot tie to a run (its state is unknown) is
 * replaced the same way, so the next run works without a page reload.
 */
export class TrainerClient {
  private worker: WorkerLike | null = null;
  private listeners = new Set<TrainerListener>();
  private lastMessageAt = 0;
  /** Run being trained (or evaluated/exported), and inspect requests waiting for an answer. */
  private busyRun: string | null = null;
  private pendingInspect = new Set<string>();
  /** The page-side copy of user datasets held in the worker by id: a replacement worker gets them again. */
  private readonly datasets = new Map<string, { label: string; files: NamedBuffer[] }>();
  private watchdog: unknown = null;
  private timeoutMs: number;
  private readonly opts: Required<Omit<TrainerClientOptions, 'heartbeatTimeoutMs'>>;

  constructor(
    private readonly factory: () => WorkerLike = createTrainingWorker,
    options: TrainerClientOptions = {},
  ) {
    this.timeoutMs = options.heartbeatTimeoutMs ?? 120_000;
    this.opts = {
      checkIntervalMs: options.checkIntervalMs ?? 1000,
      now: options.now ?? (() => Date.now()),
      setInterval: options.setInterval ?? ((fn, ms) => globalThis.setInterval(fn, ms)),
      clearInterval: options.clearInterval ?? ((h) => globalThis.clearInterval(h as ReturnType<typeof setInterval>)),
    };
  }

  subscribe(listener: TrainerListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Allows a longer silence (slow backends run long synchronous batches). */
  setHeartbeatTimeout(ms: number): void {
    this.timeoutMs = ms;
  }

  get isAlive(): boolean {
    return this.worker !== null;
  }

  send(cmd: TrainerCommand, transfer: Transferable[] = []): void {
    const worker = this.ensureWorker();
    if (cmd.type === 'start' || cmd.type === 'evaluate' || cmd.type === 'export') this.busyRun = cmd.runId;
    // Probes (Inspect tab) are watched like dataset inspections: a dead worker answers them with dataset-error.
    if (cmd.type === 'inspect' || cmd.type === 'probe') this.pendingInspect.add(cmd.requestId);
    this.lastMessageAt = this.opts.now();
    try {
      worker.postMessage(cmd, transfer);
    } catch (err) {
      this.fail(`Could not send "${cmd.type}" to the training worker: ${errorMessage(err)}`);
    }
  }

  /**
   * Sends user files to the worker once, kept there under `id` (DatasetRef { kind: 'stored', id }); this client keeps
   * them too and sends them again to a worker that replaces a crashed one.
   */
  storeDataset(id: string, label: string, files: NamedBuffer[]): void {
    this.datasets.set(id, { label, files });
    if (this.worker) this.send({ type: 'store-dataset', datasetId: id, label, files });
    else this.ensureWorker();
  }

  /** Forgets a stored dataset here and in the worker. */
  dropDataset(id: string): void {
    if (!this.datasets.delete(id)) return;
    if (this.worker) this.send({ type: 'drop-dataset', datasetId: id });
  }

  /** Terminates the worker (training in it is lost). */
  dispose(): void {
    this.teardown();
    this.listeners.clear();
  }

  private ensureWorker(): WorkerLike {
    if (this.worker) return this.worker;
    const worker = this.factory();
    worker.onmessage = (ev) => this.receive(ev.data as TrainerEvent);
    worker.onerror = (ev) => {
      ev.preventDefault?.();
      this.fail(`The training worker crashed: ${describeError(ev)}`);
    };
    worker.onmessageerror = () => this.fail('The training worker sent a message that could not be read (messageerror).');
    this.worker = worker;
    for (const [datasetId, d] of this.datasets) worker.postMessage({ type: 'store-dataset', datasetId, label: d.label, files: d.files });
    this.lastMessageAt = this.opts.now();
    this.watchdog = this.opts.setInterval(() => this.check(), this.opts.checkIntervalMs);
    return worker;
  }

  private receive(event: TrainerEvent): void {
    this.lastMessageAt = this.opts.now();
    if (event.type === 'error' && (event.fatal || event.runId === undefined || isFatalErrorText(event.message))) {
      // The run it belongs to (the busy one when the worker could not say) fails; the worker is replaced.
      this.fail(`${event.message} (the training worker was restarted)`, event.runId);
      return;
    }
    if (event.type === 'dataset' || event.type === 'dataset-error' || event.type === 'probe-result' || event.type === 'probe-error') {
      this.pendingInspect.delete(event.requestId);
    }
    if (
      (event.type === 'done' || event.type === 'stopped' || event.type === 'error' || event.type === 'evaluation' || event.type === 'exported') &&
      event.runId === this.busyRun
    ) {
      this.busyRun = null;
    }
    this.emit(event);
  }

  private check(): void {
    if (!this.worker) return;
    const busy = this.busyRun !== null || this.pendingInspect.size > 0;
    if (busy && this.opts.now() - this.lastMessageAt > this.timeoutMs) {
      this.fail(`The training worker stopped responding (no heartbeat for ${Math.round(this.timeoutMs / 1000)} s); it was restarted.`);
    }
  }

  private fail(message: string, runId: string | undefined = this.busyRun ?? undefined): void {
    const inspects = [...this.pendingInspect];
    this.teardown();
    this.emit({ type: 'error', runId, message });
    for (const requestId of inspects) this.emit({ type: 'dataset-error', requestId, message });
  }

  private teardown(): void {
    if (this.watchdog !== null) this.opts.clearInterval(this.watchdog);
    this.watchdog = null;
    if (this.worker) {
      this.worker.onmessage = null;
      this.worker.onerror = null;
      this.worker.onmessageerror = null;
      this.worker.terminate();
    }
    this.worker = null;
    this.busyRun = null;
    this.pendingInspect.clear();
  }

  private emit(event: TrainerEvent): void {
    for (const l of this.listeners) l(event);
  }
}
