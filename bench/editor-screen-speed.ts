/**
 * Editor screen speed: time from a parameter edit (through the zustand store) until the summary bar shows the
 * new params total AND the next frame has painted, for a 200-block graph in the real app (Chromium, dev build).
 * Target: median < 16 ms (one frame at 60 Hz).
 * Run: npx tsx bench/editor-screen-speed.ts [--runs 30]
 *
 * Starts `vite` itself on port 5195 and stops it at the end (also on error). Only the dev build is measured:
 * src/state/store.ts exposes `window.__soraStore` only when `import.meta.env.DEV`, so a production build
 * (`vite build` + `vite preview`) has no store handle to drive the edit with.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chromium, type Browser } from '@playwright/test';
import { analyzeDesign } from '../src/core/graph/analyze';
import { createBlock, emptyDesign, newId } from '../src/core/graph/factory';
import type { BlockKind, Design, ParamValue } from '../src/core/graph/types';
import { formatExact } from '../src/ui/summary/format';
import { displayTotals } from '../src/ui/summary/resolved-totals';

const PORT = 5195;
const URL = `http://127.0.0.1:${PORT}/`;
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 30;
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error(`--runs must be a positive integer, got '${process.argv[runsArg + 1]}'`);
const WARMUP = 3;
const VALUES = [16, 24] as const;

/** Same graph as bench/editor-speed.ts: Input 64×64×3, 197 blocks cycling through kinds, Encoding + Output. */
function build200(): Design {
  let d: Design = emptyDesign('bench-200');
  const add = (kind: BlockKind, params?: Record<string, ParamValue>): void => {
    const b = createBlock(kind, d, { x: 0, y: d.blocks.length * 100 }, params);
    const prev = d.blocks[d.blocks.length - 1];
    d = {
      ...d,
      blocks: [...d.blocks, b],
      edges: prev ? [...d.edges, { id: newId('e'), source: prev.id, target: b.id, targetIndex: 0 }] : d.edges,
    };
  };
  add('input', { height: 64, width: 64, channels: 3 });
  const cycle: BlockKind[] = ['separable-conv', 'batch-norm', 'receptive-field-conv', 'activation', 'depthwise-conv', 'conv', 'dropout'];
  for (let i = 0; i < 197; i++) {
    const kind = cycle[i % cycle.length];
    add(kind, kind === 'conv' || kind === 'separable-conv' ? { filters: 16 } : undefined);
  }
  add('encoding');
  add('output');
  return d;
}

/** The text the summary bar's params element shows for a design. */
function paramsText(d: Design): string {
  return formatExact(displayTotals(analyzeDesign(d)).params);
}

function withFilters(d: Design, id: string, filters: number): Design {
  return { ...d, blocks: d.blocks.map((b) => (b.id === id ? { ...b, params: { ...b.params, filters } } : b)) };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function waitForServer(server: ChildProcess, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (server.exitCode !== null) throw new Error(`vite exited early with code ${server.exitCode}`);
    try {
      if ((await fetch(URL)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`vite did not answer on ${URL} within ${timeoutMs / 1000} s`);
}

function stopServer(server: ChildProcess): void {
  if (server.pid === undefined || server.exitCode !== null) return;
  try {
    process.kill(-server.pid, 'SIGTERM'); // the whole group: npx and the vite node process it started
  } catch {
    /* already gone */
  }
}

async function main(): Promise<void> {
  const design = build200();
  const target = design.blocks.find((b) => b.kind === 'separable-conv');
  if (!target) throw new Error('bench graph has no separable conv');
  const expected = VALUES.map((v) => paramsText(withFilters(design, target.id, v)));
  if (expected[0] === expected[1]) throw new Error(`params total does not change between filters ${VALUES.join(' and ')}`);
  const a = analyzeDesign(design);
  console.log(`graph: ${design.blocks.length} blocks, valid=${a.valid}; editing filters of '${target.name}' (block #2): ${VALUES[0]} → params ${expected[0]}, ${VALUES[1]} → params ${expected[1]}`);

  const server = spawn('npx', ['vite', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort', '--bypass-lock'], {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let serverErr = '';
  server.stderr?.on('data', (c: Buffer) => (serverErr += c.toString()));
  const onSignal = (): void => {
    stopServer(server);
    process.exit(130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let browser: Browser | undefined;
  try {
    await waitForServer(server, 60_000).catch((e: Error) => Promise.reject(new Error(`${e.message}\n${serverErr.slice(-2000)}`)));
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    // tsx (esbuild keepNames) wraps named functions in page.evaluate callbacks with __name(); define it in the page.
    await page.addInitScript('window.__name = (f) => f');
    await page.goto(URL);
    await page.waitForFunction(() => window.__soraStore !== undefined && document.querySelector('[data-testid="summary-params"]') !== null, null, { timeout: 60_000 });
    // Start from filters = VALUES[0] so that the first edit (VALUES[1]) changes the totals.
    await page.evaluate(([d, n]) => window.__soraStore!.getState().createVariant(d, n), [withFilters(design, target.id, VALUES[0]), 'bench-200'] as const);
    await page.waitForFunction((t) => document.querySelector('[data-testid="summary-params"]')?.textContent === t, expected[0], { timeout: 60_000 });
    await page.waitForTimeout(1500); // let the canvas finish its first layout / fit-view
    const nodes = await page.locator('.react-flow__node').count();
    console.log(`rendered: ${nodes} canvas nodes, summary shows ${expected[0]}`);

    const call: number[] = [];
    const shown: number[] = [];
    const painted: number[] = [];
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const k = (i + 1) % 2;
      const r = await page.evaluate(
        ([id, value, text]) =>
          new Promise<{ call: number; shown: number; painted: number }>((resolve, reject) => {
            let node = document.querySelector('[data-testid="summary-params"]');
            const el = () => (node?.isConnected ? node : (node = document.querySelector('[data-testid="summary-params"]')));
            const root = document.querySelector('[data-testid="summary"]') ?? document.body;
            let t0 = 0;
            let tShown = -1;
            let tCall = -1;
            const timer = setTimeout(() => {
              obs.disconnect();
              reject(new Error(`summary-params still shows '${el()?.textContent}', expected '${text}'`));
            }, 5000);
            const check = (): void => {
              if (tShown >= 0 || el()?.textContent !== text) return;
              tShown = performance.now();
              obs.disconnect();
              // Double rAF: the callback of the second frame runs after the first frame (with the new text) painted.
              requestAnimationFrame(() =>
                requestAnimationFrame(() => {
                  clearTimeout(timer);
                  resolve({ call: tCall - t0, shown: tShown - t0, painted: performance.now() - t0 });
                }),
              );
            };
            const obs = new MutationObserver(check);
            obs.observe(root, { subtree: true, childList: true, characterData: true });
            t0 = performance.now();
            window.__soraStore!.getState().updateDesign(
              (d) => ({ ...d, blocks: d.blocks.map((b) => (b.id === id ? { ...b, params: { ...b.params, filters: value } } : b)) }),
              { coalesceKey: `bench:${id}:filters` },
            );
            tCall = performance.now();
            check(); // in case React rendered synchronously inside the store update
          }),
        [target.id, VALUES[k], expected[k]] as const,
      );
      if (i >= WARMUP) {
        call.push(r.call);
        shown.push(r.shown);
        painted.push(r.painted);
      }
      await page.waitForTimeout(50);
    }
    const line = (label: string, xs: number[]): string => {
      const s = [...xs].sort((x, y) => x - y);
      return `${label}: median ${percentile(s, 50).toFixed(1)} ms, p95 ${percentile(s, 95).toFixed(1)} ms, max ${s[s.length - 1].toFixed(1)} ms`;
    };
    console.log(`dev build, Chromium (--disable-gpu), ${RUNS} edits after ${WARMUP} warm-up, 200 blocks`);
    console.log(line('updateDesign() call (sync part)', call));
    console.log(line('edit → new params text in DOM ', shown));
    console.log(line('edit → painted (double rAF)   ', painted));
    const med = percentile([...painted].sort((x, y) => x - y), 50);
    console.log(med < 16 ? 'PASS: painted median below the 16 ms target' : 'FAIL: painted median above the 16 ms target');
    console.log('production build not measured: window.__soraStore is only set when import.meta.env.DEV (src/state/store.ts)');
  } finally {
    await browser?.close().catch(() => undefined);
    stopServer(server);
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
