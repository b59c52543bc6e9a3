import { describe, expect, it } from 'vitest';
import { analyzeDesign } from '../../core/graph/analyze';
import { getTemplate } from '../../core/templates/index';
import { buildSeedBaseline } from '../../core/templates/seed-baseline';
import { buildRows, dominantRow, formatShare, sortRows } from './sort-rows';

describe('layers table rows', () => {
  const analysis = analyzeDesign(getTemplate('sora-lite-mnist')!.build());
  const rows = buildRows(analysis, (s) => s.kind);

  it('has one row per block whose shares sum to 1', () => {
    expect(rows).toHaveLength(analysis.blocks.length);
    const sum = rows.reduce((a, r) => a + r.paramShare, 0);
    expect(sum).toBeCloseTo(1, 9);
    expect(rows.reduce((a, r) => a + (r.params ?? 0), 0)).toBe(analysis.totals.params);
  });

  it('sorts by params descending and by name ascending', () => {
    const byParams = sortRows(rows, 'params', 'desc');
    for (let i = 1; i < byParams.length; i++) expect(byParams[i - 1].params! >= byParams[i].params!).toBe(true);
    const byName = sortRows(rows, 'name', 'asc').map((r) => r.name);
    expect(byName).toEqual([...byName].sort((a, b) => a.localeCompare(b)));
    expect(sortRows(rows, 'order', 'asc').map((r) => r.blockId)).toEqual(analysis.order.slice(0, rows.length));
  });

  it('calls out the dense layer after flatten in the seed baseline (99.99% of params)', () => {
    const seed = buildRows(analyzeDesign(buildSeedBaseline()), (s) => s.kind);
    const top = dominantRow(seed);
    expect(top?.name).toBe('dense_1');
    expect(top?.params).toBe(201_867_520);
    expect(formatShare(top!.paramShare)).toBe('99.99%');
    expect(seed.find((r) => r.name === 'separable_conv_1')?.paramShare).toBeGreaterThan(0);
    expect(formatShare(seed.find((r) => r.name === 'separable_conv_1')!.paramShare)).toBe('<0.1%');
    expect(dominantRow(rows)?.name).toBe('receptive_field_conv_1');
  });

  it('formats shares without hiding tiny or near-total ones', () => {
    expect(formatShare(0)).toBe('0%');
    expect(formatShare(1)).toBe('100%');
    expect(formatShare(0.0004)).toBe('<0.1%');
    expect(formatShare(0.2345)).toBe('23.5%');
    expect(formatShare(0.99987)).toBe('99.99%');
    expect(formatShare(0.999999)).toBe('99.99%');
  });

  it('shares of an invalid design are taken from its resolved part', () => {
    const d = buildSeedBaseline();
    const out = d.blocks.find((b) => b.kind === 'output')!;
    const cut = buildRows(analyzeDesign({ ...d, edges: d.edges.filter((e) => e.target !== out.id) }), (s) => s.kind);
    expect(dominantRow(cut)?.name).toBe('dense_1');
    expect(cut.reduce((a, r) => a + r.paramShare, 0)).toBeCloseTo(1, 9);
  });
});
