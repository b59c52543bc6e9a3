/**
 * Per-worker memory of a page's Web Workers, nested workers included, through the Chrome DevTools Protocol
 * (bench/training-memory.ts). Playwright gives no CDP session per worker, so this auto-attaches to the page's
 * workers in non-flattened mode (`Target.setAutoAttach` with `flatten: false`, then again inside every attached
 * worker for its nested workers) and sends `Runtime.getHeapUsage` through `Target.sendMessageToTarget`. That
 * answers even for a gradient worker blocked in `Atomics.wait` (V8 serves inspector messages as interrupts), where
 * `performance.measureUserAgentSpecificMemory()` on the page leaves the blocked worker out and takes a minute.
 * Checked with Chromium 156 headless.
 */
import type { CDPSession, Page } from '@playwright/test';

/** Runtime.getHeapUsage of one worker: the V8 heap and the ArrayBuffer backing stores (typed arrays, wasm memory). */
export interface HeapUsage {
  usedSize: number;
  totalSize: number;
  backingStorageSize?: number;
}

export interface WorkerHeap {
  url: string;
  /** 0: a worker of the page, 1: a worker started by one of those, … */
  depth: number;
  heap: HeapUsage;
}

interface Attached {
  /** Session ids from the page's session down to this worker's. */
  path: string[];
  url: string;
}

interface Wire {
  id?: number;
  method?: string;
  params?: { sessionId?: string; message?: string; targetInfo?: { url: string; type: string } };
  result?: unknown;
  error?: { message: string };
}

export class WorkerHeaps {
  private readonly attached = new Map<string, Attached>();
  private readonly pending = new Map<number, (r: Wire) => void>();
  private nextId = 1_000_000;

  private constructor(private readonly cdp: CDPSession) {}

  /** Starts watching `page`'s workers; call before the page starts them (e.g. before goto). */
  static async attach(page: Page): Promise<WorkerHeaps> {
    const cdp = await page.context().newCDPSession(page);
    const w = new WorkerHeaps(cdp);
    cdp.on('Target.attachedToTarget', (e) => w.onAttached([e.sessionId], e.targetInfo.url));
    cdp.on('Target.detachedFromTarget', (e) => e.sessionId && w.attached.delete(e.sessionId));
    cdp.on('Target.receivedMessageFromTarget', (e) => w.onMessage([e.sessionId], e.message));
    await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
    return w;
  }

  private onAttached(path: string[], url: string): void {
    this.attached.set(path.join('/'), { path, url });
    // Nested workers (the training worker's gradient workers and its XNNPACK threads) attach through this one.
    void this.send(path, 'Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false }, 5000);
  }

  /** A message from the worker at `path` (possibly wrapping one from a worker nested in it). */
  private onMessage(path: string[], text: string): void {
    let m: Wire;
    try {
      m = JSON.parse(text) as Wire;
    } catch {
      return;
    }
    const inner = m.params?.sessionId;
    if (m.method === 'Target.attachedToTarget' && inner && m.params?.targetInfo) this.onAttached([...path, inner], m.params.targetInfo.url);
    else if (m.method === 'Target.detachedFromTarget' && inner) this.attached.delete([...path, inner].join('/'));
    else if (m.method === 'Target.receivedMessageFromTarget' && inner && m.params?.message) this.onMessage([...path, inner], m.params.message);
    else if (m.id !== undefined) {
      const resolve = this.pending.get(m.id);
      this.pending.delete(m.id);
      resolve?.(m);
    }
  }

  /** Sends `method` to the worker at `path`; null on timeout or error. */
  private send(path: string[], method: string, params: object, timeoutMs: number): Promise<Wire | null> {
    const id = this.nextId++;
    let message = JSON.stringify({ id, method, params });
    for (let i = path.length - 1; i >= 1; i--)
      message = JSON.stringify({ id: this.nextId++, method: 'Target.sendMessageToTarget', params: { sessionId: path[i], message } });
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve(null);
      }, timeoutMs);
      this.pending.set(id, (r) => {
        clearTimeout(timer);
        resolve(r.error ? null : r);
      });
      this.cdp.send('Target.sendMessageToTarget', { sessionId: path[0], message }).catch(() => {
        clearTimeout(timer);
        this.pending.delete(id);
        resolve(null);
      });
    });
  }

  /** Runtime.getHeapUsage of every attached worker that answers within `timeoutMs`. */
  async sample(timeoutMs = 2000): Promise<WorkerHeap[]> {
    const all = [...this.attached.values()];
    const got = await Promise.all(all.map((a) => this.send(a.path, 'Runtime.getHeapUsage', {}, timeoutMs)));
    const out: WorkerHeap[] = [];
    got.forEach((r, i) => {
      if (r?.result) out.push({ url: all[i].url, depth: all[i].path.length - 1, heap: r.result as HeapUsage });
    });
    return out;
  }

  /** Runs a full garbage collection in every attached worker (HeapProfiler.collectGarbage). */
  async collectGarbage(timeoutMs = 5000): Promise<void> {
    await Promise.all([...this.attached.values()].map((a) => this.send(a.path, 'HeapProfiler.collectGarbage', {}, timeoutMs)));
  }

  async detach(): Promise<void> {
    await this.cdp.detach().catch(() => {});
  }
}

/** JS heap used + ArrayBuffer backing stores of one sample, in bytes. */
export const heapAndBuffers = (h: HeapUsage): number => h.usedSize + (h.backingStorageSize ?? 0);
