/**
 * Figures for the bounded-work fixes (docs/limits.md): the old code path next to the new one where the old one
 * still runs. Prints one line per measurement; not a test. `npx tsx bench/bounded-input.ts`
 */
import { readFileSync } from 'node:fs';
import { Graph, layout } from '@dagrejs/dagre';
import { gunzipSync, gzipSync, inflateSync } from 'fflate';
import { analyzeDesign } from '../src/core/graph/analyze';
import { layeredLayout } from '../src/core/graph/layered-layout';
import type { Design } from '../src/core/graph/types';
import { loadDesignOrModel } from '../src/core/io/load-any';
import { decodeDesignFromHash, toBase64Url } from '../src/core/io/share-url';
import { zeroDeflateBomb } from '../src/core/io/test-bombs';
import { TemplateBuilder } from '../src/core/templates/builder';
import { parseIdxImages } from '../src/data/idx';
import { mnistNodeDir } from '../src/data/mnist-node';
import { layoutImported } from '../src/ui/files/layout-import';

function time<T>(f: () => T): { ms: number; value: T } {
  const t = performance.now();
  const value = f();
  return { ms: performance.now() - t, value };
}
const ms = (x: number) => `${x.toFixed(0)} ms`;
const heapMb = () => `${(process.memoryUsage().arrayBuffers / 1e6).toFixed(0)} MB in ArrayBuffers`;

// 1. Share link bomb: a ~1.3 MB link of fixed-Huffman zeros (inflates to ~200 MB).
const bomb = zeroDeflateBomb(200_000_000);
const link = `#design=${toBase64Url(bomb)}`;
const oldShare = time(() => inflateSync(bomb).length);
console.log(`share link ${(link.length / 1e6).toFixed(2)} MB: old inflateSync ${ms(oldShare.ms)} (${(oldShare.value / 1e6).toFixed(0)} MB inflated)`);
const newShare = time(() => decodeDesignFromHash(link));
console.log(`share link: new decode ${ms(newShare.ms)} → ${newShare.value.ok ? 'ok' : newShare.value.error}`);

// 2. MNIST train images gzipped: old gunzipSync vs the streaming, header-capped parse.
const raw = new Uint8Array(readFileSync(`${mnistNodeDir()}/train-images-idx3-ubyte`));
const gz = gzipSync(raw);
for (let r = 0; r < 3; r++) {
  const a = time(() => gunzipSync(gz).length);
  const b = time(() => parseIdxImages(gz, 'train-images.gz').count);
  console.log(
    `MNIST train .gz (${(gz.length / 1e6).toFixed(1)} MB → ${(raw.length / 1e6).toFixed(1)} MB): gunzipSync ${ms(a.ms)}, streaming parseIdxImages ${ms(b.ms)}`,
  );
}

// 3. A 3,000-layer Keras import: import + layout + analysis.
const layers = [
  { class_name: 'InputLayer', config: { name: 'input', batch_input_shape: [null, 8, 8, 1], dtype: 'float32' } },
  ...Array.from({ length: 3000 }, (_, i) => ({
    class_name: 'Conv2D',
    config: {
      name: `c${i}`,
      filters: 2,
      kernel_size: [1, 1],
      strides: [1, 1],
      padding: 'same',
      activation: 'relu',
      use_bias: true,
      dilation_rate: [1, 1],
    },
  })),
  { class_name: 'Flatten', config: { name: 'flat' } },
  { class_name: 'Dense', config: { name: 'out', units: 10, activation: 'softmax', use_bias: true } },
];
const text = JSON.stringify({ modelTopology: { class_name: 'Sequential', config: { name: 'deep', layers } } });
const imported = time(() => loadDesignOrModel(text, 'deep.json'));
if (!imported.value.ok) throw new Error(imported.value.error);
const design = imported.value.design;
const laid = time(() => layoutImported(design));
const analysed = time(() => analyzeDesign(laid.value));
console.log(`3,000-layer model: import ${ms(imported.ms)}, layout ${ms(laid.ms)}, analysis ${ms(analysed.ms)}`);

// 4. dagre vs the layered layout on residual stacks.
function residual(n: number): Design {
  const b = new TemplateBuilder('stack');
  let cur = b.add('input', { height: 8, width: 8, channels: 2 });
  for (let i = 0; i < n; i++) {
    const l = b.add('conv', { filters: 2, padding: 'same' }, [cur]);
    const r = b.add('conv', { filters: 2, padding: 'same' }, [cur]);
    cur = b.add('add', {}, [l, r]);
  }
  return b.build();
}
for (const n of [100, 200, 400]) {
  const d = residual(n);
  const dagre = time(() => {
    const g = new Graph();
    g.setGraph({ rankdir: 'TB' });
    g.setDefaultEdgeLabel(() => ({}));
    for (const blk of d.blocks) g.setNode(blk.id, { width: 190, height: 60 });
    for (const e of d.edges) g.setEdge(e.source, e.target);
    layout(g);
  });
  const layered = time(() =>
    layeredLayout(
      d.blocks.map((blk) => ({ id: blk.id, width: 190, height: 60 })),
      d.edges,
      { rankSep: 50, nodeSep: 40 },
    ),
  );
  console.log(`${d.blocks.length} blocks: dagre ${ms(dagre.ms)}, layered ${ms(layered.ms)}`);
}

// 5. Issue text for a 10,000-block cycle.
const cyc = new TemplateBuilder('cycle');
const first = cyc.add('input', { height: 8, width: 8, channels: 1 });
let prev = first;
const ids: string[] = [];
for (let i = 0; i < 10_000; i++) ids.push((prev = cyc.add('batch-norm', {}, [prev])));
const cycDesign = cyc.build();
cycDesign.edges.push({ id: 'back', source: ids[ids.length - 1], target: ids[0], targetIndex: 1 });
const cycled = time(() => analyzeDesign(cycDesign));
const chars = cycled.value.issues.reduce((s, i) => s + i.message.length, 0);
console.log(`10,000-block cycle: analysis ${ms(cycled.ms)}, ${cycled.value.issues.length} issues, ${chars} characters of issue text; ${heapMb()}`);
