import { describe, expect, it } from 'vitest';
import { analyzeDesign } from '../../core/graph/analyze';
import { getTemplate } from '../../core/templates/index';
import { reuseList, stabilize, toFlowEdges, toFlowNodes } from './flow-mapping';
import { moveBlocks, setParam } from '../../core/graph/edits';
import { analyzeCached } from '../summary/use-analysis';

describe('design → React Flow mapping', () => {
  it('maps blocks to nodes with stats and edges with shape labels', () => {
    const design = getTemplate('sora-lite-mnist')!.build();
    const analysis = analyzeDesign(design);
    const first = design.blocks[0];
    const nodes = toFlowNodes(design, analysis, new Set([first.id]), new Map([[first.id, { width: 190, height: 70 }]]));
    expect(nodes).toHaveLength(design.blocks.length);
    expect(nodes[0]).toMatchObject({ id: first.id, type: 'block', selected: true, measured: { width: 190, height: 70 } });
    expect(nodes[1].selected).toBe(false);
    expect(nodes[0].data).toEqual({ name: first.name, kind: 'input', inputCount: 0, hasError: false });
    // The accessible name goes on React Flow's node wrapper (role "group"), not on the node view's div.
    expect(nodes[0].ariaLabel).toBe(`Input block ${first.name}`);
    const edges = toFlowEdges(design, analysis, new Set());
    const fromInput = edges.find((e) => e.source === first.id)!;
    expect(fromInput.data?.shapeLabel).toBe('28×28×1');
    expect(fromInput.className).toBeUndefined();
    // Screen readers hear block names and the shape, not internal ids.
    const target = design.blocks.find((b) => b.id === fromInput.target)!;
    expect(fromInput.ariaLabel).toBe(`Edge input_1 to ${target.name}, shape 28×28×1`);
  });

  it('labels the edges into a merge with their input number', () => {
    const design = getTemplate('sora-residual')!.build();
    const analysis = analyzeDesign(design);
    const merge = design.blocks.find((b) => b.kind === 'add')!;
    const into = toFlowEdges(design, analysis, new Set()).filter((e) => e.target === merge.id);
    expect(into.length).toBeGreaterThanOrEqual(2);
    expect(into.map((e) => e.data?.toMerge)).toEqual(into.map(() => true));
    expect(into.map((e) => /\(input (\d+)\)/.exec(e.ariaLabel ?? '')?.[1]).sort()).toEqual(into.map((_, i) => String(i + 1)));
  });

  it('attaches issues to the blocks at fault', () => {
    const design = getTemplate('sora-lite-mnist')!.build();
    const out = design.blocks.find((b) => b.kind === 'output')!;
    const broken = { ...design, edges: design.edges.filter((e) => e.target !== out.id) };
    const analysis = analyzeDesign(broken);
    const nodes = toFlowNodes(broken, analysis, new Set(), new Map());
    const outNode = nodes.find((n) => n.id === out.id)!;
    expect(outNode.data.hasError).toBe(true);
    expect(outNode.ariaLabel).toMatch(new RegExp(`^Output block ${out.name}, error: .+`));
    expect(outNode.data.inputCount).toBe(0);
  });

  it('keeps the analysis and unchanged nodes when only a position changes', () => {
    const design = getTemplate('sora-lite-mnist')!.build();
    const a1 = analyzeCached(design);
    const nodes1 = toFlowNodes(design, a1, new Set(), new Map());
    const moved = moveBlocks(design, { positions: new Map([[design.blocks[2].id, { x: 500, y: 500 }]]) }).design;
    const a2 = analyzeCached(moved);
    expect(a2).toBe(a1);
    const prev = new Map(nodes1.map((n) => [n.id, n]));
    const nodes2 = stabilize(prev, toFlowNodes(moved, a2, new Set(), new Map()));
    expect(nodes2.filter((n, i) => n !== nodes1[i]).map((n) => n.id)).toEqual([design.blocks[2].id]);
    expect(nodes2[2].data).toBe(nodes1[2].data);
    // a parameter edit is analysed afresh
    const edited = setParam(moved, { blockId: design.blocks[1].id, key: 'filters', value: 8 }).design;
    const a3 = analyzeCached(edited);
    expect(a3).not.toBe(a1);
    expect(a3.byId[design.blocks[1].id].outputShape).toEqual([28, 28, 8]);
  });

  it('a parameter edit keeps the node list and replaces only the edges whose shape label changes', () => {
    const design = getTemplate('sora-lite-mnist')!.build();
    const conv = design.blocks.find((b) => b.kind === 'separable-conv')!;
    const a1 = analyzeCached(design);
    const nodes1 = toFlowNodes(design, a1, new Set(), new Map());
    const edges1 = toFlowEdges(design, a1, new Set());
    const edited = setParam(design, { blockId: conv.id, key: 'filters', value: 40 }).design;
    const a2 = analyzeCached(edited);
    const nodes2 = reuseList(nodes1, stabilize(new Map(nodes1.map((n) => [n.id, n])), toFlowNodes(edited, a2, new Set(), new Map())));
    // Nodes carry no analysis numbers (the views subscribe to them): React Flow gets the same array.
    expect(nodes2).toBe(nodes1);
    const edges2 = stabilize(new Map(edges1.map((e) => [e.id, e])), toFlowEdges(edited, a2, new Set()));
    const changed = edges2.filter((e, i) => e !== edges1[i]);
    expect(changed.map((e) => e.source)).toEqual([conv.id]);
    expect(changed[0].data?.shapeLabel).toMatch(/×40$/);
    expect(reuseList(edges1, edges2)).toBe(edges2);
  });
});
