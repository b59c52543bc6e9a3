/**
 * The 200-block chain graph the editor benchmarks edit (bench/editor-speed.ts, bench/editor-screen-speed.ts):
 * Input 64×64×3, then 197 blocks cycling through Sora / helper kinds, then Encoding + Output.
 */
import { createBlock, emptyDesign, newId } from '../src/core/graph/factory';
import type { BlockKind, Design, ParamValue } from '../src/core/graph/types';

const CYCLE: BlockKind[] = ['separable-conv', 'batch-norm', 'receptive-field-conv', 'activation', 'depthwise-conv', 'conv', 'dropout'];

/** Input, 197 cycling blocks, Encoding, Output, wired in a chain; blocks are stacked 100 px apart. */
export function buildBenchGraph200(): Design {
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
  for (let i = 0; i < 197; i++) {
    const kind = CYCLE[i % CYCLE.length];
    add(kind, kind === 'conv' || kind === 'separable-conv' ? { filters: 16 } : undefined);
  }
  add('encoding');
  add('output');
  return d;
}

/** The block the benchmarks edit: the first separable conv (block #2, right after the Input). */
export function benchEditTarget(d: Design): Design['blocks'][number] {
  const target = d.blocks.find((b) => b.kind === 'separable-conv');
  if (!target) throw new Error('bench graph has no separable conv');
  return target;
}

/** Sorted-sample percentile (nearest rank, p in 0..100). */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
