/**
 * Data-parallel scaling in the browser (docs/parallel-training.md): builds the app, serves it with vite preview
 * (COOP/COEP: cross-origin isolated) on :5213, and trains the reference net and `sora-fast-mnist` in the real
 * training worker with 1 worker, 2 workers (nested gradient workers on the single-threaded wasm build) and
 * 2 workers with 2 XNNPACK threads each, then runs the PyTorch twins (bench/torch_reference.py) on 1 and 2
 * threads in the same run. Each browser row: median of liveRun img/s samples (every 2 s for --seconds, after a
 * --warmup). Batch 64, Adam, constant learning rate, no validation. Prints the table and the load average.
 *
 * Usage: npx tsx bench/train-scaling-browser.ts [--seconds 30] [--warmup 10] [--configs 1x1,2x1,2x2]
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { Page } from '@playwright/test';
import type { Design } from '../src/core/graph/types';
import { getTemplate } from '../src/core/templates/index';
import { arg, isFinished, launchChromium, openAppWithDataset, reachable, startAppServer, stopAppServer, stopRun } from './browser-bench-helpers';
import { referenceDesign } from './browser-bench-designs';
import { medianOf } from './train-speed-helpers';

const PORT = 5213;
const URL = `http://127.0.0.1:${PORT}/`;

declare global {
  interface Window {
    /** XNNPACK threads per gradient worker, added to the next 'start' command (bench only). */
    __benchWorkerThreads?: number;
  }
}

interface Config {
  workers: number;
  threads: number;
}

function configs(): Config[] {
  return arg('configs', '1x1,2x1,2x2')
    .split(',')
    .map((c) => {
      const [w, t] = c.split('x').map(Number);
      if (!(w >= 1 && t >= 1)) throw new Error(`--configs: "${c}" is not WORKERSxTHREADS`);
      return { workers: w, threads: t };
    });
}

/** CPU seconds (user + system) used so far by process `root` and all its descendants (Linux /proc). */
function treeCpuSeconds(root: number): number {
  const procs = new Map<number, { ppid: number; ticks: number }>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      procs.set(Number(d), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) });
    } catch {
      // the process ended meanwhile
    }
  }
  const inTree = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; hops++) {
      if (p === root) return true;
      p = procs.get(p)?.ppid ?? 0;
    }
    return false;
  };
  let ticks = 0;
  for (const [pid, p] of procs) if (inTree(pid)) ticks += p.ticks;
  return ticks / 100; // USER_HZ
}

type Live = { status: string; ips: number; reason: string; error?: string };

async function live(page: Page): Promise<Live | null> {
  return page.evaluate(() => {
    const r = window.__soraStore?.getState().liveRun;
    if (!r) return null;
    return { status: r.status, ips: r.progress?.imagesPerSecond ?? 0, reason: r.backend?.reason ?? '', error: r.error };
  });
}

interface BrowserRow {
  net: string;
  config: Config;
  imagesPerSecond: number;
  /** Images trained per CPU-second of the whole browser (all its processes) over the sampling window. */
  imagesPerCpuSecond: number;
  samples: number;
  load: number;
  reason: string;
  error?: string;
}

async function trainOne(
  page: Page,
  browserPid: number,
  net: string,
  design: Design,
  c: Config,
  warmupS: number,
  seconds: number,
): Promise<BrowserRow> {
  await page.evaluate(
    ([d, name, cfg]) => {
      window.__benchWorkerThreads = cfg.threads;
      const s = window.__soraStore!.getState();
      s.createVariant(d as never, name);
      s.setTrainingBackend('wasm');
      s.setTrainingWorkers(cfg.workers);
      s.setTrainingConfig({
        optimizer: 'adam',
        learningRate: 0.001,
        schedule: 'constant',
        timeLimitSeconds: undefined,
        limit: 20000,
        epochs: 100,
        batchSize: 64,
        validationSplit: 0,
      });
      if (!s.startTraining()) throw new Error('startTraining refused');
    },
    [design, net, c] as const,
  );
  const samples: number[] = [];
  let last: Live | null = null;
  const warmEnd = Date.now() + warmupS * 1000;
  const done = (l: Live | null) => l !== null && isFinished(l.status);
  while (Date.now() < warmEnd && !done((last = await live(page)))) await page.waitForTimeout(500);
  const imagesSoFar = () =>
    page.evaluate(() => {
      const p = window.__soraStore?.getState().liveRun?.progress;
      return p ? (p.epoch * p.batchesPerEpoch + p.batch + 1) * 64 : 0;
    });
  const cpu0 = treeCpuSeconds(browserPid);
  const images0 = await imagesSoFar();
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    last = await live(page);
    if (done(last)) break;
    if (last && last.ips > 0) samples.push(last.ips);
    await page.waitForTimeout(2000);
  }
  const load = loadavg()[0];
  const imagesPerCpuSecond = ((await imagesSoFar()) - images0) / Math.max(1e-3, treeCpuSeconds(browserPid) - cpu0);
  await stopRun(page, 120_000);
  const error = last?.status === 'failed' ? (last.error ?? 'failed') : samples.length === 0 ? 'no samples' : undefined;
  return { net, config: c, imagesPerSecond: medianOf(samples), imagesPerCpuSecond, samples: samples.length, load, reason: last?.reason ?? '', error };
}

/** PyTorch img/s (batch 64) of the twin of `net` on `threads` threads, with its img per CPU-second (process CPU time). */
function torch(threads: number, net: 'reference' | 'sora-fast'): { ips: number; perCpu: number } | null {
  if (spawnSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' }).status !== 0) return null;
  const r = spawnSync('/usr/bin/python3', ['bench/torch_reference.py', String(threads), '5', '8', net, '64'], { encoding: 'utf8' });
  try {
    const j = JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as { imagesPerSecond: number; imagesPerCpuSecond: number };
    return { ips: j.imagesPerSecond, perCpu: j.imagesPerCpuSecond };
  } catch {
    console.error(`torch_reference.py gave no JSON: ${r.stderr.slice(-300)}`);
    return null;
  }
}

/** The newest Chromium process started by this bench (its renderer and worker processes are its descendants). */
function chromiumPid(): number {
  const r = spawnSync('pgrep', ['-n', '-P', String(process.pid), '-f', 'chrom'], { encoding: 'utf8' });
  const pid = Number(r.stdout.trim().split('\n').pop());
  if (!(pid > 1)) throw new Error('could not find the Chromium process (pgrep)');
  return pid;
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

async function main(): Promise<void> {
  const seconds = Number(arg('seconds', '30'));
  const warmup = Number(arg('warmup', '10'));
  const template = getTemplate('sora-fast-mnist');
  if (!template) throw new Error('template sora-fast-mnist not found');
  const nets: [string, 'reference' | 'sora-fast', Design][] = [
    ['reference net', 'reference', referenceDesign()],
    ['sora-fast-mnist', 'sora-fast', template.build()],
  ];
  if (await reachable(URL)) throw new Error(`port ${PORT} is already serving; stop that server first`);
  const server = await startAppServer(PORT);
  const out = [['net', 'runs on', 'img/s', 'vs 1 worker', 'img/CPU-s', 'PyTorch img/s', 'PyTorch img/CPU-s', 'tfjs / PyTorch', 'load avg (1 min)']];
  let cores = 0;
  try {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const browserPid = chromiumPid();
      // The bench's thread count per gradient worker rides on the start command (protocol's workerThreads).
      await page.addInitScript(() => {
        const send = Worker.prototype.postMessage;
        Worker.prototype.postMessage = function (this: Worker, message: unknown, ...rest: unknown[]) {
          const m = message as { type?: string } | null;
          const threads = window.__benchWorkerThreads;
          const patched = m && m.type === 'start' && threads ? { ...m, workerThreads: threads } : message;
          return (send as (this: Worker, m: unknown, ...r: unknown[]) => void).call(this, patched, ...rest);
        } as typeof Worker.prototype.postMessage;
      });
      await openAppWithDataset(page, URL);
      cores = await page.evaluate(() => navigator.hardwareConcurrency);
      for (const [net, twin, design] of nets) {
        let base = 0;
        for (const c of configs()) {
          const r = await trainOne(page, browserPid, net, design, c, warmup, seconds);
          if (c.workers === 1 && c.threads === 1) base = r.imagesPerSecond;
          const torchThreads = Math.min(c.workers * c.threads, cores || 2);
          const t = torch(torchThreads, twin);
          const what = `${c.workers} worker${c.workers === 1 ? '' : 's'} × ${c.threads} thread${c.threads === 1 ? '' : 's'}`;
          const parallelOk = c.workers === 1 || r.reason.includes(`${c.workers} data-parallel workers`);
          out.push([
            net,
            what,
            r.error ? `failed: ${r.error}` : parallelOk ? r.imagesPerSecond.toFixed(1) : `? (${r.reason})`,
            base > 0 && !r.error ? `${(r.imagesPerSecond / base).toFixed(2)}×` : '-',
            r.error ? '-' : r.imagesPerCpuSecond.toFixed(1),
            t ? `${t.ips.toFixed(1)} (${torchThreads} thr)` : '-',
            t ? t.perCpu.toFixed(1) : '-',
            t && !r.error ? `${(r.imagesPerSecond / t.ips).toFixed(2)}×` : '-',
            r.load.toFixed(2),
          ]);
          console.error(out[out.length - 1].join(' | '));
        }
      }
    } finally {
      await browser.close();
    }
  } finally {
    stopAppServer(server);
  }
  console.log(
    `Browser data-parallel scaling (Chromium training worker, navigator.hardwareConcurrency ${cores}; batch 64, Adam 1e-3; ${warmup} s warm-up, median of 2 s samples over ${seconds} s; PyTorch on as many threads as the browser row uses, at most the cores)\n`,
  );
  console.log(table(out));
  console.log(
    `\nload average at the end ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
