import { describe, expect, it } from 'vitest';
import type { Design } from '../../core/graph/types';
import { layoutImported, needsLayout } from './layout-import';

const stacked: Design = {
  name: 'chain',
  blocks: ['a', 'b', 'c'].map((id) => ({ id, kind: 'dense', name: id, params: { units: 4 }, position: { x: 0, y: 0 } })),
  edges: [
    { id: 'e1', source: 'a', target: 'b', targetIndex: 0 },
    { id: 'e2', source: 'b', target: 'c', targetIndex: 0 },
  ],
  viewport: { x: 1, y: 2, zoom: 3 },
};

describe('import layout', () => {
  it('detects overlapping blocks', () => {
    expect(needsLayout(stacked)).toBe(true);
    expect(needsLayout(layoutImported(stacked))).toBe(false);
  });
  it('places a chain top to bottom in edge order and drops the old viewport', () => {
    const laid = layoutImported(stacked);
    const y = Object.fromEntries(laid.blocks.map((b) => [b.id, b.position.y]));
    expect(y.a).toBeLessThan(y.b);
    expect(y.b).toBeLessThan(y.c);
    expect(laid.viewport).toBeUndefined();
    expect(laid.edges).toBe(stacked.edges);
  });
});
