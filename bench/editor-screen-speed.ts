/**
 * Editor screen speed: what a user feels when typing a parameter. In the real app (headless Chromium
 * /usr/bin/chromium) on a 200-block graph, it types a new value into the inspector's Filters field of an
 * early separable conv and times, from the input event, until the summary bar shows the new params total
 * and until that change is painted. Dev build (vite) and production build (vite build + vite preview).
 * Target: the new total painted within one 60 Hz frame (median < 16 ms).
 * Run: npx tsx bench/editor-screen-speed.ts [--runs 30] [--build prod|dev|both] (default prod: what ships) [--view block|fit]
 * --view block (default): the canvas is centred on the edited block (what selecting it from the layers table
 * does); --view fit: zoomed out to fit the design (as many blocks on screen as the zoom limit allows).
 *
 * The graph is opened through a `#design=` share link and the edit goes through the UI, so no store
 * handle is needed and both builds are measured the same way. Servers run on ports 5262 (dev) and
 * 5263 (prod) unless BENCH_PORT is set (dev on BENCH_PORT, prod on BENCH_PORT + 1); each is stopped at the end.
 *
 * Columns: "input → DOM" is the app's own work (event handler, React render and commit); "input → painted"
 * ends after the next frame that shows the new total (first animation frame, then a task queued from it,
 * which runs once that frame's style, layout and paint are done), so it includes the wait for the frame;
 * "double rAF" is the older, stricter-looking measure (second animation frame), which always adds one whole
 * frame. The no-op floor of both is printed for comparison.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { analyzeDesign } from '../src/core/graph/analyze';
import type { Design } from '../src/core/graph/types';
import { encodeDesignToHash } from '../src/core/io/share-url';
import { setParam } from '../src/core/graph/edits';
import { formatExact } from '../src/ui/summary/format';
import { displayTotals } from '../src/ui/summary/resolved-totals';
import { benchEditTarget, buildBenchGraph200, percentile } from './editor-bench-graph';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const RUNS = Number(arg('--runs') ?? 30);
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error(`--runs must be a positive integer, got '${arg('--runs')}'`);
const BUILDS = { dev: ['dev'], prod: ['prod'], both: ['dev', 'prod'] }[arg('--build') ?? 'prod'] as ('dev' | 'prod')[] | undefined;
if (!BUILDS) throw new Error(`--build must be dev, prod or both, got '${arg('--build')}'`);
const VIEW = arg('--view') ?? 'block';
if (VIEW !== 'block' && VIEW !== 'fit') throw new Error(`--view must be block or fit, got '${VIEW}'`);
const BASE_PORT = Number(process.env.BENCH_PORT ?? 5262);
const WARMUP = 3;
const VALUES = [16, 24] as const;

interface Sample {
  /** From the event's timestamp to its first listener: main-thread work queued ahead of the input. */
  delay: number;
  shown: number;
  painted: number;
  doubleRaf: number;
}
type BenchWindow = Window & { __benchEdit?: Promise<Sample> };

const paramsText = (d: Design): string => formatExact(displayTotals(analyzeDesign(d)).params);

let running: ChildProcess | null = null;
process.on('SIGINT', () => {
  if (running) stop(running);
  process.exit(130);
});

function vite(args: string[]): ChildProcess {
  running = spawn('npx', ['vite', ...args, '--bypass-lock'], { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  return running;
}

function stop(server: ChildProcess): void {
  if (server.pid === undefined || server.exitCode !== null) return;
  try {
    process.kill(-server.pid, 'SIGTERM'); // the whole group: npx and the vite node process it started
  } catch {
    /* already gone */
  }
}

async function waitForServer(server: ChildProcess, url: string, log: () => string): Promise<void> {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    if (server.exitCode !== null) throw new Error(`vite exited early with code ${server.exitCode}\n${log()}`);
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`vite did not answer on ${url} within 60 s\n${log()}`);
}

/** Arms the in-page timers for the next input event; the sample resolves once the frame after it has painted. */
async function armMeasurement(page: Page, text: string): Promise<void> {
  await page.evaluate((expected) => {
    const w = window as BenchWindow;
    w.__benchEdit = new Promise<Sample>((resolve, reject) => {
      const params = () => document.querySelector('[data-testid="summary-params"]')?.textContent;
      let t0 = -1;
      let delay = 0;
      let shown = -1;
      const onInput = (e: Event): void => {
        if (t0 >= 0) return;
        t0 = e.timeStamp; // when the browser created the event, on the performance.now() clock
        delay = performance.now() - t0;
      };
      const check = (): void => {
        if (shown >= 0 || t0 < 0 || params() !== expected) return;
        shown = performance.now() - t0;
        obs.disconnect();
        window.removeEventListener('input', onInput, true);
        requestAnimationFrame(() => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => {
            const painted = performance.now() - t0;
            requestAnimationFrame(() => {
              clearTimeout(timer);
              resolve({ delay, shown, painted, doubleRaf: performance.now() - t0 });
            });
          };
          channel.port2.postMessage(null);
        });
      };
      const obs = new MutationObserver(check);
      obs.observe(document.querySelector('[data-testid="summary"]') ?? document.body, { subtree: true, childList: true, characterData: true });
      window.addEventListener('input', onInput, true);
      const timer = setTimeout(() => {
        obs.disconnect();
        reject(new Error(`summary-params still shows '${params()}', expected '${expected}'`));
      }, 5000);
    });
  }, text);
}

/** The same two frame measures started from a plain DOM change: what they read with no work at all. */
async function frameFloor(page: Page): Promise<Sample[]> {
  const out: Sample[] = [];
  for (let i = 0; i < 20; i++) {
    out.push(
      await page.evaluate(
        () =>
          new Promise<Sample>((resolve) => {
            const t0 = performance.now();
            document.title = `bench ${Math.random()}`;
            requestAnimationFrame(() => {
              const channel = new MessageChannel();
              channel.port1.onmessage = () => {
                const painted = performance.now() - t0;
                requestAnimationFrame(() => resolve({ delay: 0, shown: 0, painted, doubleRaf: performance.now() - t0 }));
              };
              channel.port2.postMessage(null);
            });
          }),
      ),
    );
    await page.waitForTimeout(37);
  }
  return out;
}

function line(label: string, xs: number[]): string {
  const s = [...xs].sort((x, y) => x - y);
  const f = (p: number) => percentile(s, p).toFixed(1).padStart(6);
  return `${label}: median ${f(50)} ms, p90 ${f(90)} ms, p95 ${f(95)} ms, max ${s[s.length - 1].toFixed(1).padStart(6)} ms`;
}

async function measure(build: 'dev' | 'prod', design: Design, expected: readonly string[], targetName: string): Promise<number> {
  const port = build === 'dev' ? BASE_PORT : BASE_PORT + 1;
  const url = `http://127.0.0.1:${port}/`;
  let outDir: string | null = null;
  if (build === 'prod') {
    outDir = mkdtempSync(join(tmpdir(), 'sora-bench-dist-'));
    const b = spawnSync('npx', ['vite', 'build', '--outDir', outDir, '--emptyOutDir', '--bypass-lock', '--logLevel', 'warn'], { encoding: 'utf8' });
    if (b.status !== 0) throw new Error(`vite build failed:\n${b.stderr.slice(-2000)}`);
  }
  if (
    await fetch(url).then(
      () => true,
      () => false,
    )
  )
    throw new Error(`port ${port} is already in use (set BENCH_PORT)`);
  const hostArgs = ['--host', '127.0.0.1', '--port', String(port), '--strictPort'];
  const server = build === 'dev' ? vite(hostArgs) : vite(['preview', '--outDir', outDir!, ...hostArgs]);
  let err = '';
  server.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    await waitForServer(server, url, () => err.slice(-2000));
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    // tsx (esbuild keepNames) wraps named functions in page.evaluate callbacks with __name(); define it in the page.
    await page.addInitScript('window.__name = (f) => f');
    await page.goto(url + encodeDesignToHash(design));
    await page.waitForFunction((t) => document.querySelector('[data-testid="summary-params"]')?.textContent === t, expected[0], { timeout: 60_000 });
    await page.getByTestId(`layers-row-${targetName}`).click();
    const field = page.getByTestId('inspector-field-filters');
    await page.waitForTimeout(1000); // let the canvas finish centring on the block
    if (VIEW === 'fit') await page.getByTestId('fit-view').click();
    await field.focus();
    await page.waitForTimeout(1000);
    const onScreen = await page.locator('.react-flow__node').count();
    console.log(`\n${build} build, view '${VIEW}': ${onScreen} blocks rendered on the canvas; typing into '${targetName}' Filters`);

    const samples: Sample[] = [];
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const k = (i + 1) % 2;
      // Select the text, then type the new value as one input event (what fill() does, without its checks).
      await page.keyboard.press('Control+A');
      await armMeasurement(page, expected[k]);
      await page.keyboard.insertText(String(VALUES[k]));
      const r = await page.evaluate(() => (window as BenchWindow).__benchEdit!);
      if (i >= WARMUP) samples.push(r);
      await page.waitForTimeout(50);
    }
    const floor = await frameFloor(page);
    console.log(
      line(
        'input delay (queued work)    ',
        samples.map((s) => s.delay),
      ),
    );
    console.log(
      line(
        'input → new total in DOM     ',
        samples.map((s) => s.shown),
      ),
    );
    console.log(
      line(
        'input → painted (next frame) ',
        samples.map((s) => s.painted),
      ),
    );
    console.log(
      line(
        'input → double rAF           ',
        samples.map((s) => s.doubleRaf),
      ),
    );
    console.log(
      line(
        'no-op floor: next frame      ',
        floor.map((s) => s.painted),
      ),
    );
    console.log(
      line(
        'no-op floor: double rAF      ',
        floor.map((s) => s.doubleRaf),
      ),
    );
    return percentile(
      samples.map((s) => s.painted).sort((x, y) => x - y),
      50,
    );
  } finally {
    await browser.close().catch(() => undefined);
    stop(server);
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const base = buildBenchGraph200();
  const target = benchEditTarget(base);
  const withFilters = (v: number) => setParam(base, { blockId: target.id, key: 'filters', value: v }).design;
  const expected = VALUES.map((v) => paramsText(withFilters(v)));
  if (expected[0] === expected[1]) throw new Error(`params total does not change between filters ${VALUES.join(' and ')}`);
  console.log(
    `graph: ${base.blocks.length} blocks; Filters of '${target.name}' (block #2): ${VALUES[0]} → params ${expected[0]}, ${VALUES[1]} → ${expected[1]}`,
  );
  console.log(`Chromium (--disable-gpu), ${RUNS} edits after ${WARMUP} warm-up per build`);
  const verdicts: string[] = [];
  for (const build of BUILDS!) {
    const median = await measure(build, withFilters(VALUES[0]), expected, target.name);
    verdicts.push(`${median < 16 ? 'PASS' : 'FAIL'} (${build}): painted median ${median.toFixed(1)} ms ${median < 16 ? '<' : '≥'} 16 ms`);
  }
  console.log(`\n${verdicts.join('\n')}`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
