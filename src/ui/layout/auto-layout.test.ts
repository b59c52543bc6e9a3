import { describe, expect, it } from 'vitest';
import { getTemplate } from '../../core/templates/index';
import { DEFAULT_NODE_SIZE, layoutDesign } from './auto-layout';

describe('auto-layout', () => {
  it('places every block below the blocks feeding it, without overlaps', () => {
    const design = getTemplate('sora-residual')!.build();
    const pos = layoutDesign(design);
    expect(pos.size).toBe(design.blocks.length);
    for (const e of design.edges) {
      expect(pos.get(e.target)!.y).toBeGreaterThanOrEqual(pos.get(e.source)!.y + DEFAULT_NODE_SIZE.height);
    }
    const list = [...pos.values()];
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const apart =
          Math.abs(list[i].x - list[j].x) >= DEFAULT_NODE_SIZE.width || Math.abs(list[i].y - list[j].y) >= DEFAULT_NODE_SIZE.height;
        expect(apart).toBe(true);
      }
    }
  });
});
