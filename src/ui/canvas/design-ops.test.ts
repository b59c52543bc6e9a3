import { describe, expect, it } from 'vitest';
import { emptyDesign } from '../../core/graph/factory';
import type { Design } from '../../core/graph/types';
import { addBlock, checkBlockName, connectBlocks, moveBlocks, reconnectEdge, removeItems, renameBlock, setParam } from './design-ops';
import { copySelection, pasteClipboard, PASTE_OFFSET } from './clipboard-ops';

function chain(): { design: Design; ids: string[] } {
  let d = emptyDesign('t');
  const ids: string[] = [];
  for (const kind of ['input', 'separable-conv', 'receptive-field-conv', 'encoding', 'output'] as const) {
    const r = addBlock(d, kind, { x: 0, y: ids.length * 100 });
    d = r.design;
    ids.push(r.block.id);
  }
  for (let i = 0; i + 1 < ids.length; i++) {
    const r = connectBlocks(d, ids[i], ids[i + 1]);
    if (!r.ok) throw new Error(r.reason);
    d = r.design;
  }
  return { design: d, ids };
}

describe('design ops', () => {
  it('adds blocks with unique names and connects a chain', () => {
    const { design } = chain();
    expect(design.blocks.map((b) => b.name)).toEqual([
      'input_1',
      'separable_conv_1',
      'receptive_field_conv_1',
      'encoding_1',
      'output_1',
    ]);
    expect(design.edges.map((e) => e.targetIndex)).toEqual([0, 0, 0, 0]);
  });

  it('refuses a cycle and a second input, naming the problem', () => {
    const { design, ids } = chain();
    const cycle = connectBlocks(design, ids[3], ids[1]);
    expect(cycle.ok).toBe(false);
    if (!cycle.ok) expect(cycle.reason).toMatch(/cycle|loop/i);
    const second = connectBlocks(design, ids[0], ids[2]);
    expect(second.ok).toBe(false);
    if (!second.ok) expect(second.reason).toContain('receptive_field_conv_1');
  });

  it('gives merge inputs increasing targetIndex and compacts them after a delete', () => {
    let d = emptyDesign('m');
    const inp = addBlock(d, 'input', { x: 0, y: 0 });
    d = inp.design;
    const a = addBlock(d, 'separable-conv', { x: 0, y: 0 });
    d = a.design;
    const b = addBlock(d, 'conv', { x: 0, y: 0 });
    d = b.design;
    const c = addBlock(d, 'concatenate', { x: 0, y: 0 });
    d = c.design;
    for (const [s, t] of [
      [inp.block.id, a.block.id],
      [inp.block.id, b.block.id],
      [a.block.id, c.block.id],
      [b.block.id, c.block.id],
    ]) {
      const r = connectBlocks(d, s, t);
      if (!r.ok) throw new Error(r.reason);
      d = r.design;
    }
    const into = d.edges.filter((e) => e.target === c.block.id);
    expect(into.map((e) => [e.source, e.targetIndex])).toEqual([
      [a.block.id, 0],
      [b.block.id, 1],
    ]);
    const after = removeItems(d, [a.block.id], []);
    expect(after.blocks).toHaveLength(3);
    expect(after.edges.filter((e) => e.target === c.block.id).map((e) => [e.source, e.targetIndex])).toEqual([[b.block.id, 0]]);
  });

  it('reconnects an edge or leaves the design unchanged when refused', () => {
    const { design, ids } = chain();
    const edge = design.edges.find((e) => e.source === ids[1])!;
    const refused = reconnectEdge(design, edge.id, ids[3], ids[2]); // would close a cycle
    expect(refused.ok).toBe(false);
    const ok = reconnectEdge(design, edge.id, ids[0], ids[2]); // skip the separable conv
    expect(ok.ok).toBe(true);
    if (ok.ok) {
      expect(ok.design.edges).toHaveLength(4);
      expect(ok.design.edges.filter((e) => e.target === ids[2]).map((e) => e.source)).toEqual([ids[0]]);
    }
  });

  it('returns the same object for no-op edits', () => {
    const { design, ids } = chain();
    expect(setParam(design, ids[1], 'filters', 32)).toBe(design);
    expect(moveBlocks(design, new Map([[ids[0], { x: 0, y: 0 }]]))).toBe(design);
    expect(removeItems(design, [], [])).toBe(design);
    const changed = setParam(design, ids[1], 'kernelSize', [5, 5]);
    expect(changed.blocks[1].params.kernelSize).toEqual([5, 5]);
    expect(design.blocks[1].params.kernelSize).toEqual([3, 3]);
  });

  it('checks block names', () => {
    const { design, ids } = chain();
    expect(checkBlockName(design, ids[1], 'input_1')).toBe("Name 'input_1' is already used by another block");
    expect(checkBlockName(design, ids[1], '')).toBe('Name must not be empty');
    expect(checkBlockName(design, ids[1], '9abc')).toMatch(/start with a letter/);
    expect(checkBlockName(design, ids[1], 'sep_a')).toBeNull();
    expect(renameBlock(design, ids[1], 'sep_a').blocks[1].name).toBe('sep_a');
  });

  it('copies blocks with their internal edges and pastes them with new ids, names and offsets', () => {
    const { design, ids } = chain();
    const clip = copySelection(design, [ids[1], ids[2], ids[4]])!;
    expect(clip.blocks).toHaveLength(3);
    expect(clip.edges).toHaveLength(1); // only separable → receptive-field is internal
    const { design: pasted, blockIds } = pasteClipboard(design, clip, 2);
    expect(pasted.blocks).toHaveLength(8);
    expect(blockIds.every((id) => !ids.includes(id))).toBe(true);
    const added = pasted.blocks.filter((b) => blockIds.includes(b.id));
    expect(added.map((b) => b.name)).toEqual(['separable_conv_2', 'receptive_field_conv_2', 'output_2']);
    expect(added[0].position).toEqual({ x: 2 * PASTE_OFFSET, y: 100 + 2 * PASTE_OFFSET });
    const newEdges = pasted.edges.filter((e) => blockIds.includes(e.target));
    expect(newEdges).toHaveLength(1);
    expect([newEdges[0].source, newEdges[0].target]).toEqual([blockIds[0], blockIds[1]]);
    expect(newEdges[0].targetIndex).toBe(0);
  });
});
