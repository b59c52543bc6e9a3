import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeDesign } from './analyze';
import { findCycles, findPath, topoSort } from './topo';
import type { BlockKind, Design } from './types';

const KINDS: BlockKind[] = ['conv', 'separable-conv', 'batch-norm', 'add', 'concatenate', 'max-pool', 'flatten', 'output', 'input'];

/** Random small graph: n blocks of random kinds and random edges (self-loops and cycles allowed). */
const graphArb = fc.integer({ min: 1, max: 12 }).chain((n) =>
  fc.record({
    kinds: fc.array(fc.constantFrom(...KINDS), { minLength: n, maxLength: n }),
    edges: fc.array(fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: n - 1 })), { maxLength: 2 * n }),
  }),
);

function toDesign(g: { kinds: BlockKind[]; edges: [number, number][] }): Design {
  return {
    name: 'p',
    blocks: g.kinds.map((kind, i) => ({ id: `n${i}`, kind, name: `n${i}`, params: {}, position: { x: 0, y: 0 } })),
    edges: g.edges.map(([s, t], i) => ({ id: `e${i}`, source: `n${s}`, target: `n${t}`, targetIndex: i })),
  };
}

describe('topology helpers', () => {
  it('topoSort / findCycles on a hand-made graph', () => {
    // 0 → 1 → 2 → 1 (cycle 1-2), 2 → 3 (downstream), 4 alone
    const succ = [[1], [2], [1, 3], [], []];
    const t = topoSort(5, succ);
    expect(t.order).toEqual([0, 4]);
    expect(t.rest).toEqual([1, 2, 3]);
    expect(findCycles(5, succ, t.rest)).toEqual([[1, 2]]);
    expect(findPath(5, succ, 0, 3)).toEqual([0, 1, 2, 3]);
    expect(findPath(5, succ, 3, 0)).toBeNull();
  });

  it('analyzeDesign never throws; order respects edges; cycles reported exactly when the graph has one', () => {
    fc.assert(
      fc.property(graphArb, (g) => {
        const d = toDesign(g);
        const a = analyzeDesign(d);
        const pos = new Map(a.order.map((id, i) => [id, i]));
        for (const e of d.edges) {
          if (e.source !== e.target && pos.has(e.source) && pos.has(e.target)) expect(pos.get(e.source)!).toBeLessThan(pos.get(e.target)!);
        }
        expect(a.blocks.length).toBe(d.blocks.length);
        const hasCycle = a.order.length < d.blocks.length || d.edges.some((e) => e.source === e.target);
        expect(a.issues.some((i) => i.code === 'cycle')).toBe(hasCycle);
        expect(a.valid).toBe(!a.issues.some((i) => i.severity === 'error'));
      }),
      { numRuns: 300, seed: 42 },
    );
  });
});
