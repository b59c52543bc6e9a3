/**
 * Browser training bench: launches Chromium (/usr/bin/chromium) against the production build, trains the default
 * MNIST variant in the training worker through the store hooks (window.__soraStore), and prints
 *   1. images/s per backend offered (short runs),
 *   2. test accuracy after fixed wall-clock budgets (default 1 and 3 minutes): the app's default training config with
 *      its time limit set to the budget (the cosine schedule anneals over it), then the worker's own test evaluation.
 *
 * Usage: npx tsx bench/browser-training.ts [--url http://127.0.0.1:5173] [--backends auto,wasm,cpu] [--budgets 60,180] [--workers auto|N]
 * Without a reachable --url it builds the app and serves it with `vite preview` itself on port 5199.
 */
import type { ChildProcess } from 'node:child_process';
import type { Page } from '@playwright/test';
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

type Snapshot = {
  status: string;
  text?: string;
  ips: number;
  batches: number;
  images: number;
  testAccuracy?: number;
  backend?: string;
  error?: string;
  epochs: number;
};

async function snapshot(page: Page): Promise<Snapshot | null> {
  return page.evaluate(() => {
    const r = window.__soraStore?.getState().liveRun;
    if (!r) return null;
    const p = r.progress;
    return {
      status: r.status,
      text: r.statusText,
      ips: p?.imagesPerSecond ?? 0,
      batches: p ? p.epoch * p.batchesPerEpoch + p.batch + 1 : 0,
      images: p ? Math.round((p.epoch * p.batchesPerEpoch + p.batch + 1) * r.config.batchSize) : 0,
      testAccuracy: r.evaluation?.testAccuracy,
      backend: r.backend?.name,
      error: r.error,
      epochs: r.epochPoints.length,
    };
  });
}

async function waitFor(page: Page, pred: (s: Snapshot) => boolean, timeoutMs: number): Promise<Snapshot> {
  const end = Date.now() + timeoutMs;
  let lastLog = Date.now();
  for (;;) {
    const s = await snapshot(page);
    if (s && pred(s)) return s;
    if (process.argv.includes('--verbose') && Date.now() - lastLog > 15_000) {
      lastLog = Date.now();
      console.log(`  … ${JSON.stringify(s)}`);
    }
    if (Date.now() > end) throw new Error(`timed out; last state ${JSON.stringify(s)}`);
    await page.waitForTimeout(250);
  }
}

const finished = (s: Snapshot) => isFinished(s.status);

async function main(): Promise<void> {
  let url = arg('url', 'http://127.0.0.1:5173/');
  const backends = arg('backends', 'auto,wasm,cpu').split(',');
  const budgets = arg('budgets', '60,180').split(',').map(Number);
  // The app's Workers setting (data-parallel gradient workers); 'auto' is the app's default.
  const workersArg = arg('workers', 'auto');
  const workers: number | 'auto' = workersArg === 'auto' ? 'auto' : Number(workersArg);
  let server: ChildProcess | null = null;
  if (!(await reachable(url))) {
    server = await startAppServer(5199);
    url = 'http://127.0.0.1:5199/';
  }
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await openAppWithDataset(page, url);
    // The app's defaults, read before the speed runs below change the store's config.
    const defaults = await page.evaluate(() => window.__soraStore!.getState().trainingConfig);
    console.log(`Sora Designer browser training bench — ${url}, ${await page.evaluate(() => navigator.hardwareConcurrency)} cores\n`);

    console.log('backend   chosen   images/s  (batch 32, cpu 8; 20 s after the first 2 batches)');
    for (const b of backends) {
      const batchSize = b === 'cpu' ? 8 : 32;
      await startRun(page, b, { limit: 60000, epochs: 1, batchSize, validationSplit: 0 });
      let s: Snapshot;
      try {
        s = await waitFor(page, (x) => x.batches >= 2 || finished(x), 240_000);
        await page.waitForTimeout(20_000);
        s = (await snapshot(page))!;
      } catch (err) {
        s = (await snapshot(page)) ?? { status: 'failed', ips: 0, batches: 0, images: 0, epochs: 0 };
        s.error = String(err);
      }
      await stopRun(page, 300_000);
      const line = s.error && s.status === 'failed' ? `failed: ${s.error}` : `${s.ips.toFixed(1).padStart(8)}`;
      console.log(`${b.padEnd(9)} ${(s.backend ?? '-').padEnd(8)} ${line}`);
    }

    console.log(
      `\nbudget   backend  images seen  epochs  wall (start→test result)  test accuracy` +
        `\n(app defaults: ${defaults.optimizer} peak lr ${defaults.learningRate}, ${defaults.schedule ?? 'constant'} schedule, batch ${defaults.batchSize}, ` +
        `validation ${defaults.validationSplit}, workers ${workersArg}, time limit = budget; MNIST t10k)`,
    );
    for (const seconds of budgets) {
      // Each budget starts from a freshly loaded app (a new training worker), as a user's first run would.
      await openAppWithDataset(page, url);
      await page.evaluate((w) => window.__soraStore!.getState().setTrainingWorkers(w), workers);
      const t0 = Date.now();
      await startRun(page, 'auto', { ...defaults, epochs: 20, timeLimitSeconds: seconds });
      const s = await waitFor(page, (x) => x.testAccuracy !== undefined || x.status === 'failed' || x.status === 'stopped', (seconds + 600) * 1000);
      const wall = (Date.now() - t0) / 1000;
      const acc = s.testAccuracy !== undefined ? `${(s.testAccuracy * 100).toFixed(2)}%` : `failed: ${s.error}`;
      console.log(
        `${String(seconds).padStart(4)} s   ${(s.backend ?? '-').padEnd(8)} ${String(s.images).padStart(11)}  ${String(s.epochs).padStart(6)}  ${wall.toFixed(0).padStart(8)} s                ${acc}`,
      );
    }
  } finally {
    await browser.close();
    if (server) stopAppServer(server);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
