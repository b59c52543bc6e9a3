import { describe, expect, it } from 'vitest';
import { analyzeDesign } from '../../core/graph/analyze';
import type { Design } from '../../core/graph/types';
import { buildSeedBaseline } from '../../core/templates/seed-baseline';
import { displayTotals, nothingResolved, resolvedTotals } from './resolved-totals';

/** Seed baseline with the dense → output edge removed: invalid (the output has no input). */
function cutBeforeOutput(): Design {
  const d = buildSeedBaseline();
  const out = d.blocks.find((b) => b.kind === 'output');
  if (!out) throw new Error('template has no output');
  return { ...d, edges: d.edges.filter((e) => e.target !== out.id) };
}

describe('summary totals', () => {
  it('equal the core totals for a valid design', () => {
    const a = analyzeDesign(buildSeedBaseline());
    expect(a.valid).toBe(true);
    expect(displayTotals(a)).toBe(a.totals);
    expect(resolvedTotals(a).params).toBe(a.totals.params);
    expect(resolvedTotals(a).macs).toBe(a.totals.macs);
    expect(a.totals.params).toBe(201_888_741);
  });

  it('sum the resolved part of an invalid design instead of showing 0', () => {
    const a = analyzeDesign(cutBeforeOutput());
    expect(a.valid).toBe(false);
    const t = displayTotals(a);
    // Everything but the output's dense 256→10 (2,570 params / 2,560 MACs).
    expect(t.params).toBe(201_888_741 - 2_570);
    expect(t.macs).toBe(1_116_444_160 - 2_560);
    expect(t.outputShape).toEqual([256]);
    expect(t.peakActivationBytes).toBe(222 * 222 * 64 * 4);
  });

  it('says when nothing resolved (an invalid Input block): no number to show', () => {
    const d = buildSeedBaseline();
    const broken = { ...d, blocks: d.blocks.map((b) => (b.kind === 'input' ? { ...b, params: { ...b.params, height: 0 } } : b)) };
    const a = analyzeDesign(broken);
    expect(a.valid).toBe(false);
    expect(nothingResolved(a)).toBe(true);
    expect(nothingResolved(analyzeDesign(cutBeforeOutput()))).toBe(false);
  });
});
