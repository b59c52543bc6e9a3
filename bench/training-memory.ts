/**
 * Peak memory of data-parallel training on full MNIST (issue 14: the dataset is loaded once and shared, not copied
 * per worker). Trains the default variant (`sora-fast-mnist`) for a short run with 1, 2 and all-core workers:
 *
 *  - browser: the production build served cross-origin isolated by `vite preview` on --port (default 5461, built
 *    into dist-bench-<port>), a fresh headless Chromium per row, the app's default training config on the wasm
 *    backend with the Workers setting at N, stopped after --seconds of training. Memory = Σ VmRSS of every
 *    Chromium process (/proc, every 200 ms) — peak while training, and over the idle baseline (page open, MNIST
 *    loaded in the training worker, before the run) — plus, per worker, the JS heap + ArrayBuffer backing stores
 *    from CDP `Runtime.getHeapUsage` (bench/worker-heaps.ts), sampled every second;
 *  - CLI: `cli train sora-fast-mnist --workers N --time-limit <seconds> --epochs 1000 --test-limit 256 --json`, one Node
 *    process (worker_threads are threads of it); Σ VmRSS of its process tree every 200 ms. Baseline = when the
 *    first JSON line appears (MNIST loaded, model built, no worker started yet); peak = until the last epoch line
 *    (the end of training); the whole-run peak (loading and the 256-image test evaluation included) beside it.
 *
 * The full train set is 60,000 × 784 float32 = 188 MB (MB = 10⁶ bytes throughout): a copy per worker would add
 * that much per row. `--limit N` trains the CLI on the first N images only — the control: what a worker costs
 * without the dataset.
 *
 * Usage: npx tsx bench/training-memory.ts [--workers 1,2,all] [--seconds 30] [--places browser,cli] [--port 5461] [--limit N]
 */
import { spawn, spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import type { Page } from '@playwright/test';
import { arg, isFinished, launchChromium, openAppWithDataset, reachable, startAppServer, stopAppServer, stopRun } from './browser-bench-helpers';
import { mb, sampleTree, treeRssBytes } from './proc-memory';
import { heapAndBuffers, WorkerHeaps, type WorkerHeap } from './worker-heaps';
import { errorMessage } from '../src/core/result';

const CORES = availableParallelism();

/** --workers: numbers and `all` (every core), deduplicated, with the label of each. */
function workerCounts(): { n: number; label: string }[] {
  const out: { n: number; label: string }[] = [];
  for (const w of arg('workers', '1,2,all').split(',')) {
    const n = w === 'all' ? CORES : Number(w);
    if (!(Number.isInteger(n) && n >= 1)) throw new Error(`--workers: "${w}" is not a count or "all"`);
    const seen = out.find((o) => o.n === n);
    if (seen) {
      if (w === 'all') seen.label = `${n} (all)`;
    } else out.push({ n, label: w === 'all' ? `${n} (all)` : String(n) });
  }
  return out;
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

const load = (): string => loadavg()[0].toFixed(2);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------------- browser

/** The newest Chromium process started by this bench (its renderer, GPU and utility processes are its descendants). */
function chromiumPid(): number {
  const r = spawnSync('pgrep', ['-n', '-P', String(process.pid), '-f', 'chrom'], { encoding: 'utf8' });
  const pid = Number(r.stdout.trim().split('\n').pop());
  if (!(pid > 1)) throw new Error('could not find the Chromium process (pgrep)');
  return pid;
}

type Live = { status: string; images: number; reason: string; error?: string };

async function live(page: Page): Promise<Live | null> {
  return page.evaluate(() => {
    const r = window.__soraStore?.getState().liveRun;
    if (!r) return null;
    const p = r.progress;
    return {
      status: r.status,
      images: p ? (p.epoch * p.batchesPerEpoch + p.batch + 1) * r.config.batchSize : 0,
      reason: r.backend?.reason ?? '',
      error: r.error,
    };
  });
}

/** Peak heap + buffers per worker kind over the samples. */
class HeapPeaks {
  training = 0;
  /** Largest single gradient worker. */
  gradient = 0;
  gradientWorkers = 0;
  add(sample: WorkerHeap[]): void {
    let g = 0;
    for (const w of sample) {
      const bytes = heapAndBuffers(w.heap);
      if (w.url.includes('training.worker')) this.training = Math.max(this.training, bytes);
      else if (w.url.includes('gradient.worker')) {
        this.gradient = Math.max(this.gradient, bytes);
        g++;
      }
    }
    this.gradientWorkers = Math.max(this.gradientWorkers, g);
  }
}

interface BrowserRow {
  label: string;
  baseline: number;
  peak: number;
  median: number;
  images: number;
  idleTraining: number;
  heaps: HeapPeaks;
  cores: number;
  reason: string;
  load: string;
  error?: string;
}

async function browserRow(url: string, workers: number, label: string, seconds: number): Promise<BrowserRow> {
  const browser = await launchChromium();
  try {
    const root = chromiumPid();
    const page = await browser.newPage();
    const heaps = await WorkerHeaps.attach(page);
    await openAppWithDataset(page, url);
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    await page.waitForTimeout(3000);
    // Idle baseline: the mean of 10 samples over 2 s, MNIST loaded in the training worker.
    let sum = 0;
    for (let i = 0; i < 10; i++) {
      sum += treeRssBytes(root);
      await sleep(200);
    }
    const baseline = sum / 10;
    // The idle training worker after a full GC: what it keeps (MNIST as float32), not garbage of the load.
    await heaps.collectGarbage();
    const idle = new HeapPeaks();
    idle.add(await heaps.sample());
    const sampler = sampleTree(root, 200);
    const peaks = new HeapPeaks();
    await page.evaluate((n) => {
      const s = window.__soraStore!.getState();
      s.setTrainingBackend('wasm');
      s.setTrainingWorkers(n);
      // The app's defaults (batch 32, Adam, cosine), without the time limit: the bench stops the run.
      s.setTrainingConfig({ timeLimitSeconds: undefined });
      if (!s.startTraining()) throw new Error('startTraining refused (see notices)');
    }, workers);
    let last: Live | null = null;
    let end = Date.now() + 180_000; // until the first batch, then --seconds
    let started = false;
    while (Date.now() < end) {
      last = await live(page);
      if (last && isFinished(last.status)) break;
      if (!started && last && last.images > 0) {
        started = true;
        end = Date.now() + seconds * 1000;
      }
      peaks.add(await heaps.sample());
      await page.waitForTimeout(1000);
    }
    last = (await live(page)) ?? last;
    const peak = Math.max(sampler.peak(), sampler.sampleNow());
    const median = sampler.median();
    sampler.stop();
    const error = last?.status === 'failed' ? (last.error ?? 'failed') : !started ? 'no batch trained' : undefined;
    if (last && !isFinished(last.status)) await stopRun(page, 120_000);
    await heaps.detach();
    return {
      label,
      baseline,
      peak,
      median,
      images: last?.images ?? 0,
      idleTraining: idle.training,
      heaps: peaks,
      cores,
      reason: last?.reason ?? '',
      load: load(),
      error,
    };
  } finally {
    await browser.close();
  }
}

async function browserTable(counts: { n: number; label: string }[], seconds: number, port: number): Promise<string> {
  const url = `http://127.0.0.1:${port}/`;
  if (await reachable(url)) throw new Error(`port ${port} is already serving; stop that server first or pass --port`);
  const server = await startAppServer(port);
  const rows: BrowserRow[] = [];
  try {
    for (const c of counts) {
      const r = await browserRow(url, c.n, c.label, seconds);
      rows.push(r);
      console.error(
        `browser ${c.label}: peak ${mb(r.peak)} MB, baseline ${mb(r.baseline)} MB, ${r.images} images, ${r.reason}${r.error ? `, ${r.error}` : ''}`,
      );
    }
  } finally {
    stopAppServer(server);
  }
  const out = [
    [
      'workers',
      'peak MB',
      'over-baseline MB',
      'images trained',
      'median over baseline MB',
      'training worker MB (idle → peak)',
      'per gradient worker MB',
      'gradient workers seen',
      'load avg',
    ],
  ];
  for (const r of rows) {
    const parallelOk = r.label.startsWith('1') || r.reason.includes('data-parallel workers');
    out.push([
      r.label,
      r.error ? `failed: ${r.error}` : mb(r.peak),
      mb(r.peak - r.baseline),
      parallelOk ? String(r.images) : `${r.images} (? ${r.reason})`,
      mb(r.median - r.baseline),
      `${mb(r.idleTraining)} → ${mb(r.heaps.training)}`,
      r.heaps.gradientWorkers > 0 ? mb(r.heaps.gradient) : '-',
      String(r.heaps.gradientWorkers),
      r.load,
    ]);
  }
  return (
    `Browser (production build, Chromium, navigator.hardwareConcurrency ${rows[0]?.cores ?? '?'}; app defaults: batch 32, Adam, ` +
    `cosine; ${seconds} s of training after the first batch). peak = Σ VmRSS of all Chromium processes; baseline = the ` +
    `idle page with MNIST loaded (${rows.map((r) => mb(r.baseline)).join(' / ')} MB); worker MB = JS heap used + ` +
    `ArrayBuffer backing stores (CDP Runtime.getHeapUsage)\n\n${table(out)}`
  );
}

// ---------------------------------------------------------------------------------------------------------- CLI

interface CliRow {
  label: string;
  baseline: number;
  trainingPeak: number;
  trainingMedian: number;
  runPeak: number;
  images: number;
  load: string;
  error?: string;
}

function cliRow(workers: number, label: string, seconds: number, limit: number | undefined): Promise<CliRow> {
  const args = ['--import', 'tsx', 'src/cli/main.ts', 'train', 'sora-fast-mnist', '--workers', String(workers)];
  // Epochs enough for the time limit to end every run, --limit ones included.
  args.push('--time-limit', String(seconds), '--epochs', '1000', '--test-limit', '256', '--json', ...(limit ? ['--limit', String(limit)] : []));
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) return Promise.reject(new Error('could not start cli train'));
  const sampler = sampleTree(child.pid, 200);
  let baseline = 0;
  let trainingPeak = 0;
  let trainingMedian = 0;
  let images = 0;
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  createInterface({ input: child.stdout }).on('line', (line) => {
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return;
    }
    if ('trainImages' in o) {
      baseline = sampler.sampleNow();
      sampler.resetPeak();
    } else if ('epoch' in o) {
      trainingPeak = Math.max(sampler.peak(), sampler.sampleNow());
      trainingMedian = sampler.median();
    } else if ('imagesPerSecond' in o) images = Math.round(Number(o.imagesPerSecond) * Number(o.seconds));
  });
  return new Promise((resolve) => {
    child.on('exit', (code) => {
      sampler.stop();
      const runPeak = sampler.peakEver();
      const error = code !== 0 ? `exit ${code}: ${stderr.trim().split('\n').pop() ?? ''}` : undefined;
      resolve({ label, baseline, trainingPeak, trainingMedian, runPeak, images, load: load(), error });
    });
  });
}

async function cliTable(counts: { n: number; label: string }[], seconds: number, limit: number | undefined): Promise<string> {
  const out = [
    ['workers', 'peak MB', 'over-baseline MB', 'images trained', 'median over baseline MB', 'baseline MB', 'whole-run peak MB', 'load avg'],
  ];
  for (const c of counts) {
    const r = await cliRow(c.n, c.label, seconds, limit);
    console.error(`cli ${c.label}: peak ${mb(r.trainingPeak)} MB, baseline ${mb(r.baseline)} MB, ${r.images} images${r.error ? `, ${r.error}` : ''}`);
    out.push([
      r.label,
      r.error ? `failed: ${r.error}` : mb(r.trainingPeak),
      mb(r.trainingPeak - r.baseline),
      String(r.images),
      mb(r.trainingMedian - r.baseline),
      mb(r.baseline),
      mb(r.runPeak),
      r.load,
    ]);
  }
  return (
    `CLI (cli train sora-fast-mnist --time-limit ${seconds} --epochs 1000 --test-limit 256${limit ? ` --limit ${limit}` : ''}: batch 32, ` +
    `${limit ? `the first ${limit} MNIST training images` : 'full MNIST train set'}; ${CORES} cores). ` +
    `peak = Σ VmRSS of the process tree while training; baseline = MNIST loaded and model built, before any worker\n\n${table(out)}`
  );
}

async function main(): Promise<void> {
  const seconds = Number(arg('seconds', '30'));
  const places = arg('places', 'browser,cli').split(',');
  const port = Number(arg('port', '5461'));
  const counts = workerCounts();
  const parts: string[] = [];
  const load0 = loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
  if (places.includes('browser')) parts.push(await browserTable(counts, seconds, port));
  const limit = arg('limit', '') ? Number(arg('limit', '')) : undefined;
  if (places.includes('cli')) parts.push(await cliTable(counts, seconds, limit));
  console.log(parts.join('\n\n'));
  console.log(
    `\nload average at the start ${load0}, at the end ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
}

main().catch((e: unknown) => {
  console.error(`training-memory: ${errorMessage(e)}`);
  process.exit(1);
});
