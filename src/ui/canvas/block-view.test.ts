import { describe, expect, it } from 'vitest';
import { analyzeDesign } from '../../core/graph/analyze';
import { getTemplate } from '../../core/templates/index';
import { blockView } from './block-view';
import { setParam } from '../../core/graph/edits';

describe('block view (what a canvas node shows)', () => {
  const design = getTemplate('sora-lite-mnist')!.build();
  const input = design.blocks.find((b) => b.kind === 'input')!;
  const conv = design.blocks.find((b) => b.kind === 'separable-conv')!;

  it('gives the shape and costs of a block as plain values', () => {
    const a = analyzeDesign(design);
    expect(blockView(a, input.id)).toEqual({ shape: '28×28×1', params: 0, macs: 0, severity: null, firstError: null, issueText: '' });
    const v = blockView(a, conv.id);
    expect(v.params).toBe(a.byId[conv.id].cost?.params);
    expect(v.macs).toBe(a.byId[conv.id].cost?.macs);
  });

  it('is value-equal for blocks an edit does not change, so their nodes skip re-rendering', () => {
    const before = analyzeDesign(design);
    const after = analyzeDesign(setParam(design, { blockId: conv.id, key: 'filters', value: 40 }).design);
    expect(blockView(after, input.id)).toEqual(blockView(before, input.id));
    expect(blockView(after, conv.id).shape).toMatch(/×40$/);
  });

  it('reports the first error of a block at fault', () => {
    const out = design.blocks.find((b) => b.kind === 'output')!;
    const broken = { ...design, edges: design.edges.filter((e) => e.target !== out.id) };
    const v = blockView(analyzeDesign(broken), out.id);
    expect(v.severity).toBe('error');
    expect(v.firstError).not.toBeNull();
    expect(v.issueText.startsWith(`Error: ${v.firstError}`)).toBe(true);
  });
});
