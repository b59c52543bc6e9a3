import { describe, expect, it } from 'vitest';
import { analyzeDesign } from '../graph/analyze';
import type { Design } from '../graph/types';
import { getTemplate } from '../templates/index';
import { diffDesigns, formatParamValue } from './diff';

const lite = (): Design => getTemplate('sora-lite-mnist')!.build();

function withParams(d: Design, name: string, patch: Record<string, number | string | boolean | [number, number]>): Design {
  return { ...d, blocks: d.blocks.map((b) => (b.name === name ? { ...b, params: { ...b.params, ...patch } } : b)) };
}

describe('diffDesigns', () => {
  it('reports nothing for identical designs', () => {
    const d = diffDesigns(lite(), lite());
    expect(d.added).toEqual([]);
    expect(d.removed).toEqual([]);
    expect(d.changed).toEqual([]);
    expect(d.affected).toEqual([]);
    expect(d.unchangedCount).toBe(8);
    expect(d.delta).toEqual({ params: 0, macs: 0 });
    expect(d.before).toEqual({ params: 50451, macs: 10808720 });
  });

  it('finds a changed parameter with its exact cost delta and the blocks affected downstream', () => {
    const b = withParams(lite(), 'separable_conv_2', { filters: 32 });
    const d = diffDesigns(lite(), b);
    expect(d.changed).toHaveLength(1);
    const c = d.changed[0];
    expect(c.name).toBe('separable_conv_2');
    expect(c.params).toEqual([{ key: 'filters', before: 64, after: 32 }]);
    // depthwise 3·3·32 + pointwise 32·32 + BN 4·32 = 1440 (was 2592)
    expect(c.delta.params).toBe(1440 - 2592);
    // the dilated conv after it now sees 32 channels: 3·3·32·64 + 4·64 = 18688 (was 37120)
    const rf = d.affected.find((x) => x.name === 'receptive_field_conv_1');
    expect(rf?.delta.params).toBe(18688 - 37120);
    const after = analyzeDesign(b).totals;
    expect(d.after).toEqual({ params: after.params, macs: after.macs });
    expect(d.delta.params).toBe(after.params - 50451);
    expect(d.delta.macs).toBe(after.macs - 10808720);
  });

  it('treats an explicit default the same as a missing param', () => {
    const a = lite();
    const b = {
      ...a,
      blocks: a.blocks.map((x) => {
        if (x.name !== 'output_1') return x;
        const { useBias: _drop, ...rest } = x.params;
        return { ...x, params: rest };
      }),
    };
    expect(diffDesigns(a, b).changed).toEqual([]);
  });

  it('matches blocks by name: renamed blocks are removed + added, with their costs', () => {
    const a = lite();
    const b = { ...a, blocks: a.blocks.map((x) => (x.name === 'output_1' ? { ...x, name: 'classifier' } : x)) };
    const d = diffDesigns(a, b);
    expect(d.removed).toEqual([{ name: 'output_1', kind: 'output', params: 1290, macs: 1280 }]);
    expect(d.added).toEqual([{ name: 'classifier', kind: 'output', params: 1290, macs: 1280 }]);
    expect(d.changed).toEqual([]);
    expect(d.delta).toEqual({ params: 0, macs: 0 });
  });

  it('reports a removed block and the rewiring of the block after it', () => {
    const a = lite();
    const pool = a.blocks.find((x) => x.name === 'max_pool_1')!;
    const before = a.edges.find((e) => e.target === pool.id)!;
    const after = a.edges.find((e) => e.source === pool.id)!;
    const b: Design = {
      ...a,
      blocks: a.blocks.filter((x) => x.id !== pool.id),
      edges: [
        ...a.edges.filter((e) => e.source !== pool.id && e.target !== pool.id),
        { id: 'bypass', source: before.source, target: after.target, targetIndex: 0 },
      ],
    };
    const d = diffDesigns(a, b);
    expect(d.removed.map((x) => x.name)).toEqual(['max_pool_1']);
    const rewired = d.changed.find((x) => x.name === 'receptive_field_conv_1');
    expect(rewired?.inputsBefore).toEqual(['max_pool_1']);
    expect(rewired?.inputsAfter).toEqual(['separable_conv_2']);
    expect(rewired?.params).toEqual([]);
    // no pooling: 4× the spatial positions for the dilated conv's MACs
    expect(rewired?.delta.macs).toBe(3 * 3 * 64 * 64 * 28 * 28 - 3 * 3 * 64 * 64 * 14 * 14);
  });

  it('reports a kind change with the raw params that differ', () => {
    const a = lite();
    const b = { ...a, blocks: a.blocks.map((x) => (x.name === 'max_pool_1' ? { ...x, kind: 'avg-pool' as const } : x)) };
    const d = diffDesigns(a, b);
    expect(d.changed).toHaveLength(1);
    expect(d.changed[0]).toMatchObject({ name: 'max_pool_1', kindBefore: 'max-pool', kindAfter: 'avg-pool', params: [] });
  });

  it('formats values', () => {
    expect(formatParamValue([3, 5])).toBe('3×5');
    expect(formatParamValue(undefined)).toBe('—');
    expect(formatParamValue(true)).toBe('true');
  });
});
