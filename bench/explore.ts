/**
 * Explorer bench (Node, wasm, full MNIST): runs `cli explore` on a template with a time budget (default the
 * default variant, 10 minutes, seed 1, default vary set), then trains the default variant alone with `cli train`
 * for the same total time (same recipe, same 10% validation hold-out, epochs capped by the time limit), and
 * prints the best candidate the search found at or below the default variant's MACs (by validation accuracy; its
 * test accuracy when it reached the last rung) next to the default variant's test accuracy.
 *
 * Run: npx tsx bench/explore.ts [--budget 600] [--template sora-fast-mnist] [--seed 1] [--limit N] [--test-limit N]
 *
 * tfjs-wasm is single-threaded in Node, so each process uses one core; the two steps run one after the other.
 * The budget counts training time only: compiling and evaluating (validation + test after every training) come on
 * top, so the search's wall time exceeds the budget.
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { errorMessage } from '../src/core/result';

const argv = process.argv.slice(2);
const opt = (name: string, d: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : d;
};
const BUDGET = Number(opt('budget', '600'));
const TEMPLATE = opt('template', 'sora-fast-mnist');
const SEED = opt('seed', '1');
const LIMIT = opt('limit', '');
const TEST_LIMIT = opt('test-limit', '');
const dataArgs = [...(LIMIT ? ['--limit', LIMIT] : []), ...(TEST_LIMIT ? ['--test-limit', TEST_LIMIT] : [])];

type Line = Record<string, unknown>;

/** Runs `npm run --silent cli -- <args>`, streaming its JSON lines to `onLine`; rejects on a non-zero exit. */
function cli(args: string[], onLine: (l: Line) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn('npx', ['tsx', 'src/cli/main.ts', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let buf = '';
    p.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const text = buf.slice(0, nl).trim();
        buf = buf.slice(nl + 1);
        if (text.startsWith('{')) onLine(JSON.parse(text) as Line);
      }
    });
    p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`cli ${args[0]} exited with ${code}`))));
  });
}

const pct = (x: unknown) => (typeof x === 'number' ? `${(x * 100).toFixed(2)}%` : '—');

async function main(): Promise<void> {
  console.log(`explore bench: ${TEMPLATE}, budget ${BUDGET} s, seed ${SEED}${LIMIT ? `, ${LIMIT} training images` : ', full MNIST'}`);
  const t0 = performance.now();
  const results: Line[] = [];
  let summary: Line | null = null;
  await cli(['explore', TEMPLATE, '--budget', String(BUDGET), '--seed', SEED, ...dataArgs, '--json'], (l) => {
    if (l.summary) summary = l;
    else {
      results.push(l);
      if (l.status !== 'skipped')
        console.log(
          `  ${String(l.status).padEnd(7)} ${String(l.name).padEnd(16)} ${String(l.macs).padStart(9)} MACs  val ${pct(l.accuracy)}  test ${pct(l.testAccuracy)}  (rung ${l.rung}, ${l.budgetSeconds} s)`,
        );
    }
  });
  const searchWall = (performance.now() - t0) / 1000;
  const base = results.find((r) => r.isBase);
  if (!summary || !base) throw new Error('the search reported no summary or no base candidate');
  const baseMacs = base.macs as number;
  // by validation accuracy at each candidate's last rung (the test set is scored in the last rung only)
  const atOrBelow = results.filter((r) => typeof r.accuracy === 'number' && (r.macs as number) <= baseMacs);
  const bestAtOrBelow = atOrBelow.sort((a, b) => (b.accuracy as number) - (a.accuracy as number))[0];
  const s = summary as Line;
  const bestByVal = results.find((r) => r.name === s.best);

  const t1 = performance.now();
  let baseAlone: Line | null = null;
  await cli(
    ['train', TEMPLATE, '--time-limit', String(BUDGET), '--epochs', '1000', '--validation-split', '0.1', '--seed', SEED, ...dataArgs, '--json'],
    (l) => {
      if (typeof l.testAccuracy === 'number') baseAlone = l;
    },
  );
  const trainWall = (performance.now() - t1) / 1000;
  const alone = baseAlone as Line | null;
  console.log('');
  console.log(
    `search: ${s.candidates} candidates, ${(s.plan as Line).candidates} trained in ${((s.plan as Line).rungs as unknown[]).length} rungs, wall ${searchWall.toFixed(0)} s`,
  );
  console.log(`search's best (by validation): ${String(s.best)}  ${bestByVal?.macs} MACs  test ${pct(bestByVal?.testAccuracy)}`);
  console.log(
    `best at ≤ default MACs (${baseMacs.toLocaleString('en-US')}): ${String(bestAtOrBelow?.name)}, ${bestAtOrBelow?.macs} MACs, ` +
      `val ${pct(bestAtOrBelow?.accuracy)}, test ${pct(bestAtOrBelow?.testAccuracy)} (${bestAtOrBelow?.status}, ${bestAtOrBelow?.budgetSeconds} s of training)`,
  );
  console.log(`default variant trained alone for ${BUDGET} s: test ${pct(alone?.testAccuracy)}  (wall ${trainWall.toFixed(0)} s)`);
  console.log(`Pareto front: ${(s.pareto as string[]).join(' | ')}`);
  console.log(
    `load average: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
}

main().catch((e: unknown) => {
  console.error(errorMessage(e));
  process.exitCode = 1;
});
