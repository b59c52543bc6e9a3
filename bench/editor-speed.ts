/**
 * Editor speed: time from a parameter edit to refreshed analysis on a 200-block graph
 * (the work the editor does per keystroke in the inspector). Target: median < 2 ms.
 * Run: npx tsx bench/editor-speed.ts
 */
import { performance } from 'node:perf_hooks';
import { analyzeDesign } from '../src/core/graph/analyze';
import { setParam } from '../src/core/graph/edits';
import { benchEditTarget, buildBenchGraph200, percentile } from './editor-bench-graph';

const design = buildBenchGraph200();
const first = analyzeDesign(design);
const target = benchEditTarget(design);
console.log(
  `graph: ${design.blocks.length} blocks, ${design.edges.length} edges, valid=${first.valid}, params=${first.totals.params.toLocaleString('en-US')}, MACs=${first.totals.macs.toLocaleString('en-US')}`,
);
if (!first.valid)
  console.log(
    'issues:',
    first.issues.slice(0, 3).map((i) => i.message),
  );

const runs = 500;
const times: number[] = [];
let d = design;
for (let i = 0; i < runs + 50; i++) {
  const filters = 8 + (i % 32);
  const t0 = performance.now();
  d = setParam(d, { blockId: target.id, key: 'filters', value: filters }).design;
  const a = analyzeDesign(d);
  const t1 = performance.now();
  if (a.byId[target.id]?.outputShape?.[2] !== filters) throw new Error('analysis did not pick up the edit');
  if (i >= 50) times.push(t1 - t0); // first 50 are warm-up
}
times.sort((a, b) => a - b);
const median = percentile(times, 50);
const p90 = percentile(times, 90);
const p95 = percentile(times, 95);
console.log(
  `param edit → analysis (200 blocks, ${runs} runs): median ${median.toFixed(3)} ms, p90 ${p90.toFixed(3)} ms, p95 ${p95.toFixed(3)} ms, max ${times[times.length - 1].toFixed(3)} ms`,
);
console.log(median < 2 ? 'PASS: median below the 2 ms target' : 'FAIL: median above the 2 ms target');
