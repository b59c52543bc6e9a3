/**
 * Editor speed: time from a parameter edit to refreshed analysis on a 200-block graph
 * (the work the editor does per keystroke in the inspector). Target: median < 2 ms.
 * Run: npx tsx bench/editor-speed.ts
 */
import { performance } from 'node:perf_hooks';
import { analyzeDesign } from '../src/core/graph/analyze';
import { createBlock, newId } from '../src/core/graph/factory';
import type { BlockKind, Design } from '../src/core/graph/types';
import { setParam } from '../src/ui/canvas/design-ops';

/** Input 64×64×3, then 197 blocks cycling through Sora / helper kinds, then Encoding + Output: 200 blocks. */
function build200(): Design {
  let d: Design = { name: 'bench-200', blocks: [], edges: [] };
  const add = (kind: BlockKind, params?: Record<string, number | string | boolean | [number, number]>) => {
    const b = createBlock(kind, d, { x: 0, y: d.blocks.length * 100 }, params);
    const prev = d.blocks[d.blocks.length - 1];
    d = {
      ...d,
      blocks: [...d.blocks, b],
      edges: prev ? [...d.edges, { id: newId('e'), source: prev.id, target: b.id, targetIndex: 0 }] : d.edges,
    };
    return b;
  };
  add('input', { height: 64, width: 64, channels: 3 });
  const cycle: BlockKind[] = ['separable-conv', 'batch-norm', 'receptive-field-conv', 'activation', 'depthwise-conv', 'conv', 'dropout'];
  for (let i = 0; i < 197; i++) add(cycle[i % cycle.length], cycle[i % cycle.length] === 'conv' || cycle[i % cycle.length] === 'separable-conv' ? { filters: 16 } : undefined);
  add('encoding');
  add('output');
  return d;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const design = build200();
const first = analyzeDesign(design);
const target = design.blocks.find((b) => b.kind === 'separable-conv');
if (!target) throw new Error('bench graph has no separable conv');
console.log(
  `graph: ${design.blocks.length} blocks, ${design.edges.length} edges, valid=${first.valid}, params=${first.totals.params.toLocaleString('en-US')}, MACs=${first.totals.macs.toLocaleString('en-US')}`,
);
if (!first.valid) console.log('issues:', first.issues.slice(0, 3).map((i) => i.message));

const runs = 500;
const times: number[] = [];
let d = design;
for (let i = 0; i < runs + 50; i++) {
  const filters = 8 + (i % 32);
  const t0 = performance.now();
  d = setParam(d, target.id, 'filters', filters);
  const a = analyzeDesign(d);
  const t1 = performance.now();
  if (a.byId[target.id]?.outputShape?.[2] !== filters) throw new Error('analysis did not pick up the edit');
  if (i >= 50) times.push(t1 - t0); // first 50 are warm-up
}
times.sort((a, b) => a - b);
const median = percentile(times, 50);
const p95 = percentile(times, 95);
console.log(`param edit → analysis (200 blocks, ${runs} runs): median ${median.toFixed(3)} ms, p95 ${p95.toFixed(3)} ms, max ${times[times.length - 1].toFixed(3)} ms`);
console.log(median < 2 ? 'PASS: median below the 2 ms target' : 'FAIL: median above the 2 ms target');
