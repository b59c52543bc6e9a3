/**
 * Browser half of the training-speed bench: builds the app and serves it with vite preview on :5197, opens it in headless
 * Chromium, and trains (a) the small reference net built as a Sora design, (b) the default `sora-fast-mnist` and
 * (c) the `sora-lite-mnist` templates
 * in the real training worker through `window.__soraStore`. After a 10 s warm-up it samples
 * liveRun.progress.imagesPerSecond every 2 s for --seconds, stops the run and reports the median img/s and the
 * backend the worker chose. Then it runs bench/torch_reference.py (if torch imports) for the nets with a PyTorch
 * twin (reference, sora-fast) and prints
 * net, backend, browser img/s, PyTorch img/s and the ratio (target ≥ 0.5×), plus the load average.
 *
 * Usage: npx tsx bench/train-speed-browser.ts [--seconds 40] [--warmup 10]
 */
import { spawnSync } from 'node:child_process';
import { loadavg, cpus } from 'node:os';
import type { Page } from '@playwright/test';
import type { Design } from '../src/core/graph/types';
import { getTemplate } from '../src/core/templates/index';
import {
  arg,
  isFinished,
  launchChromium,
  openAppWithDataset,
  reachable,
  startRun,
  startAppServer,
  stopRun,
  stopAppServer,
} from './browser-bench-helpers';
import { referenceDesign } from './browser-bench-designs';
import { medianOf } from './train-speed-helpers';

const PORT = 5197;
const URL = `http://127.0.0.1:${PORT}/`;

function positiveNumber(name: string, fallback: string): number {
  const v = Number(arg(name, fallback));
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number of seconds, got "${arg(name, fallback)}"`);
  return v;
}

type Live = { status: string; ips: number; backend?: string; error?: string };

async function live(page: Page): Promise<Live | null> {
  return page.evaluate(() => {
    const r = window.__soraStore?.getState().liveRun;
    if (!r) return null;
    return { status: r.status, ips: r.progress?.imagesPerSecond ?? 0, backend: r.backend?.name, error: r.error };
  });
}

const finished = (s: Live | null) => s !== null && isFinished(s.status);

interface BrowserRow {
  net: string;
  backend: string;
  imagesPerSecond: number;
  samples: number;
  error?: string;
}

async function trainOne(page: Page, net: string, design: Design, warmupS: number, seconds: number): Promise<BrowserRow> {
  await startRun(page, 'auto', { limit: 20000, epochs: 100, batchSize: 64, validationSplit: 0 }, { design, name: net });
  const samples: number[] = [];
  let last: Live | null = null;
  const warmEnd = Date.now() + warmupS * 1000;
  while (Date.now() < warmEnd && !finished((last = await live(page)))) await page.waitForTimeout(500);
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    last = await live(page);
    if (finished(last)) break;
    if (last && last.ips > 0) samples.push(last.ips);
    await page.waitForTimeout(2000);
  }
  await stopRun(page, 120_000);
  const err = last && last.status === 'failed' ? (last.error ?? 'failed') : samples.length === 0 ? 'no samples' : undefined;
  return { net, backend: last?.backend ?? '-', imagesPerSecond: medianOf(samples), samples: samples.length, error: err };
}

/** PyTorch img/s (batch 64) of the twin of `net` in bench/torch_reference.py: 'reference' or 'sora-fast'. */
function torchReference(threads: number, net: 'reference' | 'sora-fast'): number | null {
  if (spawnSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' }).status !== 0) return null;
  const r = spawnSync('/usr/bin/python3', ['bench/torch_reference.py', String(threads), '5', '8', net, '64'], { encoding: 'utf8' });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  try {
    return (JSON.parse(line) as { imagesPerSecond: number }).imagesPerSecond;
  } catch {
    console.error(`torch_reference.py gave no JSON: ${r.stderr.slice(-300)}`);
    return null;
  }
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

async function main(): Promise<void> {
  const seconds = positiveNumber('seconds', '40');
  const warmup = positiveNumber('warmup', '10');
  const template = (id: string) => {
    const t = getTemplate(id);
    if (!t) throw new Error(`template "${id}" not found`);
    return t.build();
  };
  const nets: [string, Design][] = [
    ['reference net', referenceDesign()],
    ['sora-fast-mnist', template('sora-fast-mnist')],
    ['sora-lite-mnist', template('sora-lite-mnist')],
  ];
  if (await reachable(URL)) throw new Error(`port ${PORT} is already serving; stop that server first`);
  const server = await startAppServer(PORT);
  const rows: BrowserRow[] = [];
  let cores = 0;
  try {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await openAppWithDataset(page, URL);
      cores = await page.evaluate(() => navigator.hardwareConcurrency);
      for (const [net, design] of nets) rows.push(await trainOne(page, net, design, warmup, seconds));
    } finally {
      await browser.close();
    }
  } finally {
    stopAppServer(server);
  }
  const threads = cores || cpus().length;
  const torch: Record<string, number | null> = {
    'reference net': torchReference(threads, 'reference'),
    'sora-fast-mnist': torchReference(threads, 'sora-fast'),
  };
  const out = [['net', 'backend', 'browser img/s', 'PyTorch img/s', 'ratio (≥ 0.5×)']];
  for (const r of rows) {
    const t = torch[r.net] ?? null;
    const b = r.error ? `failed: ${r.error}` : r.imagesPerSecond.toFixed(1);
    const ratio = t && !r.error ? `${(r.imagesPerSecond / t).toFixed(2)}×` : '-';
    out.push([r.net, r.backend, b, t ? t.toFixed(1) : '-', ratio]);
  }
  console.log(
    `Browser training speed (Chromium worker, batch 64, ${warmup} s warm-up, median of 2 s samples over ${seconds} s; browser ${cores} threads, PyTorch ${cores || cpus().length} threads)\n`,
  );
  console.log(table(out));
  console.log(
    `\nsamples: ${rows.map((r) => `${r.net} ${r.samples}`).join(', ')}; load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
