/**
 * Main-thread long tasks during training: builds the production build, serves it on a plain static host (no
 * COOP/COEP headers, as GitHub Pages would; the service-worker fallback isolates the page), opens the Train tab,
 * trains the default variant with the app's default settings and a time limit (default 60 s) in the worker, drags
 * a canvas block for a few seconds part-way, and prints every main-thread long task (> 50 ms, PerformanceObserver
 * 'longtask') from the start of the run until its test result is shown: count, total and longest, each with the
 * training-driven work ('sora:training-update' marks) it contained.
 *
 * Usage: npx tsx bench/long-tasks.ts [--seconds 60] [--port 5210] [--no-drag] [--profile] [--workers auto|N]
 * --profile: also records a CPU profile of the page (Chrome DevTools protocol) and prints the functions with the
 * most self time inside the long tasks (the build is then made without minification, so the names are readable).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import type { Page } from '@playwright/test';
import { arg, isFinished, launchChromium, reachable, startAppServer, startRun, stopAppServer } from './browser-bench-helpers';

interface LongTask {
  start: number;
  duration: number;
  work: string[];
}

async function startPlainServer(dir: string, port: number): Promise<ChildProcess> {
  const child = spawn('npx', ['tsx', 'scripts/static-server.ts', '--dir', dir, '--port', String(port)], { stdio: 'ignore', detached: true });
  for (let i = 0; i < 120; i++) {
    if (await reachable(`http://127.0.0.1:${port}/`)) return child;
    await new Promise((r) => setTimeout(r, 500));
  }
  stopAppServer(child);
  throw new Error(`static server did not start on port ${port}`);
}

/** Records long tasks in window.__longTasks and turns on the training-work marks. */
async function recordLongTasks(page: Page): Promise<void> {
  await page.evaluate(() => {
    (globalThis as { __soraTrainingMarks?: boolean }).__soraTrainingMarks = true;
    const w = window as unknown as { __longTasks: { start: number; duration: number }[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: false });
  });
}

async function longTasks(page: Page, from: number): Promise<LongTask[]> {
  return page.evaluate((t0) => {
    const marks = performance.getEntriesByName('sora:training-update').map((m) => ({ at: m.startTime, kind: String((m as PerformanceMark).detail) }));
    return (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks
      .filter((t) => t.start + t.duration >= t0)
      .map((t) => ({ ...t, work: [...new Set(marks.filter((m) => m.at >= t.start && m.at <= t.start + t.duration).map((m) => m.kind))] }));
  }, from);
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Self time (ms) per function over the samples that fall inside `tasks` (profile clock: µs, same origin as performance.now() + timeOrigin). */
function hotFunctions(profile: CpuProfile, tasks: LongTask[], timeOriginUs: number): [string, number][] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const at = (t - timeOriginUs) / 1000;
    if (!tasks.some((x) => at >= x.start && at <= x.start + x.duration)) continue;
    const f = byId.get(profile.samples[i])?.callFrame;
    if (!f) continue;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop() ?? ''}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + dt);
  }
  return [...self.entries()].sort((a, b) => b[1] - a[1]);
}

async function dragFirstBlock(page: Page, ms: number): Promise<boolean> {
  const node = page.locator('.react-flow__node').first();
  const box = await node.boundingBox().catch(() => null);
  if (!box) return false;
  const x = box.x + box.width / 2;
  const y = box.y + 12;
  await page.mouse.move(x, y);
  await page.mouse.down();
  const end = Date.now() + ms;
  let dir = 1;
  while (Date.now() < end) {
    await page.mouse.move(x + dir * 120, y + 40, { steps: 12 });
    dir = -dir;
  }
  await page.mouse.move(x, y, { steps: 6 });
  await page.mouse.up();
  return true;
}

async function main(): Promise<void> {
  const seconds = Number(arg('seconds', '60'));
  const port = Number(arg('port', '5210'));
  const drag = !process.argv.includes('--no-drag');
  const profile = process.argv.includes('--profile');
  const dir = `dist-bench-${port}`;
  if (profile) {
    const build = spawnSync('npx', ['vite', 'build', '--outDir', dir, '--emptyOutDir', '--minify', 'false', '--logLevel', 'error', '--bypass-lock'], {
      encoding: 'utf8',
    });
    if (build.status !== 0) throw new Error(`vite build failed:\n${(build.stderr ?? '').slice(-2000)}`);
  } else stopAppServer(await startAppServer(port));
  const server = await startPlainServer(dir, port + 1);
  const url = `http://127.0.0.1:${port + 1}/`;
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(url);
    // The service-worker fallback reloads the page once to become cross-origin isolated.
    await page.waitForFunction(() => window.__soraStore !== undefined && window.crossOriginIsolated, null, { timeout: 60_000 });
    await page.getByTestId('tab-train').click();
    await page.waitForFunction(() => window.__soraStore!.getState().datasetStatus === 'ready', null, { timeout: 120_000 });
    const defaults = await page.evaluate(() => window.__soraStore!.getState().trainingConfig);
    const workersAt = process.argv.indexOf('--workers');
    const workersArg = workersAt > 0 ? process.argv[workersAt + 1] : 'auto';
    await page.evaluate((w) => window.__soraStore!.getState().setTrainingWorkers(w), workersArg === 'auto' ? ('auto' as const) : Number(workersArg));
    console.log(`workers setting: ${workersArg}`);
    await recordLongTasks(page);
    const cdp = profile ? await page.context().newCDPSession(page) : null;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
      await cdp.send('Profiler.start');
    }
    // A 20 ms busy loop in a named function: its first sample in the profile aligns the two clocks.
    // (A string: tsx would wrap a named function expression in a helper the page does not have.)
    const profiledFrom = (await page.evaluate(
      '(function soraProfileMarker() { const t = performance.now(); while (performance.now() - t < 20); return t; })()',
    )) as number;
    const t0 = await page.evaluate(() => performance.now());
    await startRun(page, 'auto', { ...defaults, epochs: 20, timeLimitSeconds: seconds });
    const wallStart = Date.now();
    let dragged = false;
    for (;;) {
      const s = await page.evaluate(() => {
        const r = window.__soraStore!.getState().liveRun;
        return r ? { status: r.status, evaluated: r.evaluation !== undefined, backend: r.backend?.name, error: r.error } : null;
      });
      if (s && isFinished(s.status) && (s.evaluated || s.status !== 'completed')) {
        // Let the last store update and chart redraw land.
        await page.waitForTimeout(2000);
        const tasks = await longTasks(page, t0);
        const total = tasks.reduce((a, t) => a + t.duration, 0);
        const longest = tasks.reduce((a, t) => Math.max(a, t.duration), 0);
        console.log(
          `Long tasks during a ${seconds} s training run (${s.backend ?? '?'} backend, status ${s.status}${s.error ? `: ${s.error}` : ''}, ` +
            `plain static host, ${dragged ? 'a block dragged for 5 s' : 'no drag'}), production build`,
        );
        for (const t of tasks)
          console.log(
            `  at ${((t.start - t0) / 1000).toFixed(2).padStart(7)} s  ${t.duration.toFixed(0).padStart(5)} ms  ${t.work.join(', ') || '(no training mark)'}`,
          );
        console.log(`count ${tasks.length}, total ${total.toFixed(0)} ms, longest ${longest.toFixed(0)} ms`);
        console.log(`with training work: ${tasks.filter((t) => t.work.length).length}`);
        if (cdp) {
          const { profile: p } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
          // The profile clock is monotonic µs: the marker function's first sample is at performance.now() = profiledFrom.
          const markerIds = new Set(p.nodes.filter((n) => n.callFrame.functionName === 'soraProfileMarker').map((n) => n.id));
          let ts = p.startTime;
          let markerUs = p.startTime;
          for (let i = 0; i < p.samples.length; i++) {
            ts += p.timeDeltas[i];
            if (markerIds.has(p.samples[i])) {
              markerUs = ts;
              break;
            }
          }
          const monoOrigin = markerUs - profiledFrom * 1000;
          console.log('\nself time inside long tasks (top 30):');
          for (const [name, ms] of hotFunctions(p, tasks, monoOrigin).slice(0, 30)) console.log(`  ${ms.toFixed(0).padStart(6)} ms  ${name}`);
          console.log('\nself time over the whole run (top 30):');
          const whole = [{ start: -1e12, duration: 2e12, work: [] }];
          for (const [name, ms] of hotFunctions(p, whole, monoOrigin).slice(0, 30)) console.log(`  ${ms.toFixed(0).padStart(6)} ms  ${name}`);
        }
        return;
      }
      if (drag && !dragged && Date.now() - wallStart > (seconds * 1000) / 2) dragged = await dragFirstBlock(page, 5000);
      if (Date.now() - wallStart > (seconds + 600) * 1000) throw new Error(`run did not finish: ${JSON.stringify(s)}`);
      await page.waitForTimeout(500);
    }
  } finally {
    await browser.close();
    stopAppServer(server);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
