/**
 * Helpers of the browser benches (bench/browser-training.ts, bench/train-speed-browser.ts): command-line
 * options, the production build served by `vite preview`, headless Chromium, and driving training runs through `window.__soraStore`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chromium, type Browser, type Page } from '@playwright/test';

/** The value after `--name` on the command line, or `fallback`. */
export function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

export async function reachable(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}

/**
 * Builds the app (production build, into dist-bench-<port>) and serves it with `vite preview` (COOP/COEP
 * headers, as `npm start` does) on 127.0.0.1:`port` in its own process group; waits up to a minute for it to
 * answer. Benches measure what ships, never the dev server. Stop it with stopAppServer (Ctrl-C stops it too).
 */
export async function startAppServer(port: number): Promise<ChildProcess> {
  const outDir = `dist-bench-${port}`;
  const build = spawnSync('npx', ['vite', 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error', '--bypass-lock'], {
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`vite build failed:\n${(build.stderr ?? '').slice(-2000)}`);
  const child = spawn(
    'npx',
    ['vite', 'preview', '--outDir', outDir, '--host', '127.0.0.1', '--port', String(port), '--strictPort', '--bypass-lock'],
    {
      stdio: 'ignore',
      detached: true,
    },
  );
  process.once('SIGINT', () => {
    stopAppServer(child);
    process.exit(130);
  });
  for (let i = 0; i < 120; i++) {
    if (await reachable(`http://127.0.0.1:${port}/`)) return child;
    await new Promise((r) => setTimeout(r, 500));
  }
  stopAppServer(child);
  throw new Error(`vite preview did not start on port ${port}`);
}

/** Kills the npx process group (npx → vite preview), by id. */
export function stopAppServer(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    child.kill();
  }
}

/** Headless Chromium without a GPU ($CHROMIUM_PATH, else /usr/bin/chromium). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
}

/** Opens the app at `url` and waits until its dataset (MNIST by default) is inspected and ready. */
export async function openAppWithDataset(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForFunction(() => window.__soraStore !== undefined, null, { timeout: 60_000 });
  await page.evaluate(() => window.__soraStore!.getState().ensureDatasetInspected());
  await page.waitForFunction(() => window.__soraStore!.getState().datasetStatus === 'ready', null, { timeout: 120_000 });
}

/** A run status after which the run no longer trains. */
export const isFinished = (status: string): boolean => status !== 'running' && status !== 'paused';

/**
 * Starts a training run on `backend` with `config` merged into the store's training config; with `variant`, on a
 * new variant holding that design first.
 */
export async function startRun(
  page: Page,
  backend: string,
  config: Record<string, unknown>,
  variant?: { design: unknown; name: string },
): Promise<void> {
  await page.evaluate(
    ([b, c, v]) => {
      const s = window.__soraStore!.getState();
      if (v) s.createVariant(v.design as never, v.name);
      s.setTrainingBackend(b as never);
      s.setTrainingConfig(c);
      if (!s.startTraining()) throw new Error('startTraining refused (see notices)');
    },
    [backend, config, variant ?? null] as const,
  );
}

/** Stops the live run and waits up to `timeoutMs` for it to finish. */
export async function stopRun(page: Page, timeoutMs: number): Promise<void> {
  await page.evaluate(() => window.__soraStore!.getState().stopTraining());
  const end = Date.now() + timeoutMs;
  for (;;) {
    const status = await page.evaluate(() => window.__soraStore?.getState().liveRun?.status ?? null);
    if (status !== null && isFinished(status)) return;
    if (Date.now() > end) throw new Error(`run did not stop in time (status ${status})`);
    await page.waitForTimeout(250);
  }
}
