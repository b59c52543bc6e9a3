import { describe, expect, it } from 'vitest';
import { analyzeDesign } from '../../core/graph/analyze';
import { getTemplate } from '../../core/templates/index';
import { buildRows, sortRows } from './sort-rows';

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
});
