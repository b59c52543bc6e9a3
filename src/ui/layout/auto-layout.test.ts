import { describe, expect, it } from 'vitest';
import { getTemplate } from '../../core/templates/index';
import type { Design } from '../../core/graph/types';
import { TemplateBuilder } from '../../test-support/designs';
import { DAGRE_MAX_BLOCKS, DEFAULT_NODE_SIZE, layoutDesign } from './auto-layout';

function expectLayered(design: Design): void {
  const pos = layoutDesign(design);
  expect(pos.size).toBe(design.blocks.length);
  for (const e of design.edges) {
    expect(pos.get(e.target)!.y).toBeGreaterThanOrEqual(pos.get(e.source)!.y + DEFAULT_NODE_SIZE.height);
  }
  const list = [...pos.values()];
  const overlapping: string[] = [];
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length; j++) {
      const apart = Math.abs(list[i].x - list[j].x) >= DEFAULT_NODE_SIZE.width || Math.abs(list[i].y - list[j].y) >= DEFAULT_NODE_SIZE.height;
      if (!apart) overlapping.push(`${i}/${j}`);
    }
  }
  expect(overlapping).toEqual([]);
}

/** input → n residual units (two convs merged by add) → output: 3n + 2 blocks. */
function residualStack(n: number): Design {
  const b = new TemplateBuilder('stack');
  let cur = b.add('input', { height: 8, width: 8, channels: 2 });
  for (let i = 0; i < n; i++) {
    const l = b.add('conv', { filters: 2, padding: 'same' }, [cur]);
    const r = b.add('conv', { filters: 2, padding: 'same' }, [cur]);
    cur = b.add('add', {}, [l, r]);
  }
  b.add('output', { units: 10 }, [cur]);
  return b.build();
}

function chain(n: number): Design {
  const b = new TemplateBuilder('chain');
  let cur = b.add('input', { height: 8, width: 8, channels: 2 });
  for (let i = 0; i < n; i++) cur = b.add('conv', { filters: 2, padding: 'same' }, [cur]);
  return b.build();
}

describe('auto-layout', () => {
  it('places every block below the blocks feeding it, without overlaps', () => {
    expectLayered(getTemplate('sora-residual')!.build());
  });

  it('large designs (iterative layout, no dagre) keep the same rules', () => {
    const design = residualStack(100);
    expect(design.blocks.length).toBeGreaterThan(DAGRE_MAX_BLOCKS);
    expectLayered(design);
  });

  it('a 3,000-block chain lays out without overflowing the stack, quickly', () => {
    const design = chain(3000);
    const started = performance.now();
    const pos = layoutDesign(design);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(pos.size).toBe(3001);
    expect(new Set([...pos.values()].map((p) => p.y)).size).toBe(3001);
  });
});
