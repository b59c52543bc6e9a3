import { describe, expect, it } from 'vitest';
import { emptyDesign } from '../factory';
import type { Design } from '../types';
import {
  addBlock,
  checkBlockName,
  connectBlocks,
  copySelection,
  deleteItems,
  duplicateBlocks,
  moveBlocks,
  PASTE_OFFSET,
  pasteClipboard,
  reconnectEdge,
  renameBlock,
  setParam,
} from './index';

function chain(): { design: Design; ids: string[] } {
  let d = emptyDesign('t');
  const ids: string[] = [];
  for (const kind of ['input', 'separable-conv', 'receptive-field-conv', 'encoding', 'output'] as const) {
    const r = addBlock(d, { kind, position: { x: 0, y: ids.length * 100 } });
    d = r.design;
    ids.push(r.result.blockId);
  }
  for (let i = 0; i + 1 < ids.length; i++) {
    const r = connectBlocks(d, { source: ids[i], target: ids[i + 1] });
    if (!r.result.ok) throw new Error(r.result.reason);
    d = r.design;
  }
  return { design: d, ids };
}

describe('graph edits', () => {
  it('adds blocks with unique names and connects a chain', () => {
    const { design, ids } = chain();
    expect(design.blocks.map((b) => b.name)).toEqual(['input_1', 'separable_conv_1', 'receptive_field_conv_1', 'encoding_1', 'output_1']);
    expect(design.blocks.map((b) => b.id)).toEqual(ids);
    expect(design.edges.map((e) => e.targetIndex)).toEqual([0, 0, 0, 0]);
  });

  it('reports the new edge id of an accepted connection', () => {
    let d = emptyDesign('c');
    const a = addBlock(d, { kind: 'input', position: { x: 0, y: 0 } });
    const b = addBlock(a.design, { kind: 'conv', position: { x: 0, y: 100 } });
    d = b.design;
    const r = connectBlocks(d, { source: a.result.blockId, target: b.result.blockId });
    expect(r.result.ok).toBe(true);
    if (r.result.ok) expect(r.design.edges.map((e) => e.id)).toEqual([r.result.edgeId]);
  });

  it('refuses a cycle and a second input, naming the problem and leaving the design unchanged', () => {
    const { design, ids } = chain();
    const cycle = connectBlocks(design, { source: ids[3], target: ids[1] });
    expect(cycle.result.ok).toBe(false);
    expect(cycle.design).toBe(design);
    if (!cycle.result.ok) expect(cycle.result.reason).toMatch(/cycle|loop/i);
    const second = connectBlocks(design, { source: ids[0], target: ids[2] });
    expect(second.result.ok).toBe(false);
    if (!second.result.ok) expect(second.result.reason).toContain('receptive_field_conv_1');
  });

  it('gives merge inputs increasing targetIndex and compacts them after a delete', () => {
    let d = emptyDesign('m');
    const ids: Record<string, string> = {};
    for (const kind of ['input', 'separable-conv', 'conv', 'concatenate'] as const) {
      const r = addBlock(d, { kind, position: { x: 0, y: 0 } });
      d = r.design;
      ids[kind] = r.result.blockId;
    }
    for (const [source, target] of [
      [ids.input, ids['separable-conv']],
      [ids.input, ids.conv],
      [ids['separable-conv'], ids.concatenate],
      [ids.conv, ids.concatenate],
    ]) {
      const r = connectBlocks(d, { source, target });
      if (!r.result.ok) throw new Error(r.result.reason);
      d = r.design;
    }
    const into = d.edges.filter((e) => e.target === ids.concatenate);
    expect(into.map((e) => [e.source, e.targetIndex])).toEqual([
      [ids['separable-conv'], 0],
      [ids.conv, 1],
    ]);
    const after = deleteItems(d, { blockIds: [ids['separable-conv']], edgeIds: [] });
    expect(after.result).toEqual({ removedBlocks: 1, removedEdges: 2 });
    expect(after.design.blocks).toHaveLength(3);
    expect(after.design.edges.filter((e) => e.target === ids.concatenate).map((e) => [e.source, e.targetIndex])).toEqual([[ids.conv, 0]]);
  });

  it('deletes a lone edge and counts it', () => {
    const { design } = chain();
    const r = deleteItems(design, { blockIds: [], edgeIds: [design.edges[1].id] });
    expect(r.result).toEqual({ removedBlocks: 0, removedEdges: 1 });
    expect(r.design.edges).toHaveLength(3);
    expect(r.design.blocks.map((b) => b.id)).toEqual(design.blocks.map((b) => b.id));
  });

  it('reconnects an edge or leaves the design unchanged when refused', () => {
    const { design, ids } = chain();
    const edge = design.edges.find((e) => e.source === ids[1])!;
    const refused = reconnectEdge(design, { edgeId: edge.id, source: ids[3], target: ids[2] }); // would close a cycle
    expect(refused.result.ok).toBe(false);
    expect(refused.design).toBe(design);
    const ok = reconnectEdge(design, { edgeId: edge.id, source: ids[0], target: ids[2] }); // skip the separable conv
    expect(ok.result.ok).toBe(true);
    expect(ok.design.edges).toHaveLength(4);
    expect(ok.design.edges.filter((e) => e.target === ids[2]).map((e) => e.source)).toEqual([ids[0]]);
    const gone = reconnectEdge(design, { edgeId: 'nope', source: ids[0], target: ids[2] });
    expect(gone.result).toEqual({ ok: false, reason: 'That connection no longer exists' });
  });

  it('returns the same object for no-op edits', () => {
    const { design, ids } = chain();
    const same = setParam(design, { blockId: ids[1], key: 'filters', value: 32 });
    expect(same.design).toBe(design);
    expect(same.result.changed).toBe(false);
    const still = moveBlocks(design, { positions: new Map([[ids[0], { x: 0, y: 0 }]]) });
    expect(still.design).toBe(design);
    expect(still.result.moved).toBe(0);
    expect(deleteItems(design, { blockIds: [], edgeIds: [] }).design).toBe(design);
    expect(duplicateBlocks(design, { blockIds: [] }).design).toBe(design);
    const changed = setParam(design, { blockId: ids[1], key: 'kernelSize', value: [5, 5] });
    expect(changed.result.changed).toBe(true);
    expect(changed.design.blocks[1].params.kernelSize).toEqual([5, 5]);
    expect(design.blocks[1].params.kernelSize).toEqual([3, 3]);
  });

  it('moves only the blocks whose position changed', () => {
    const { design, ids } = chain();
    const r = moveBlocks(design, {
      positions: new Map([
        [ids[0], { x: 0, y: 0 }],
        [ids[2], { x: 7, y: 9 }],
      ]),
    });
    expect(r.result.moved).toBe(1);
    expect(r.design.blocks[2].position).toEqual({ x: 7, y: 9 });
    expect(r.design.blocks[0]).toBe(design.blocks[0]);
  });

  it('checks block names and refuses a bad rename', () => {
    const { design, ids } = chain();
    expect(checkBlockName(design, ids[1], 'input_1')).toBe("Name 'input_1' is already used by another block");
    expect(checkBlockName(design, ids[1], '')).toBe('Name must not be empty');
    expect(checkBlockName(design, ids[1], '9abc')).toMatch(/start with a letter/);
    expect(checkBlockName(design, ids[1], 'sep_a')).toBeNull();
    expect(renameBlock(design, { blockId: ids[1], name: 'sep_a' }).design.blocks[1].name).toBe('sep_a');
    const refused = renameBlock(design, { blockId: ids[1], name: 'input_1' });
    expect(refused.design).toBe(design);
    expect(refused.result).toEqual({ ok: false, reason: "Name 'input_1' is already used by another block" });
  });

  it('copies blocks with their internal edges and pastes them with new ids, names and offsets', () => {
    const { design, ids } = chain();
    const clipboard = copySelection(design, [ids[1], ids[2], ids[4]])!;
    expect(clipboard.blocks).toHaveLength(3);
    expect(clipboard.edges).toHaveLength(1); // only separable → receptive-field is internal
    const { design: pasted, result } = pasteClipboard(design, { clipboard, offset: 2 });
    const { blockIds } = result;
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

  it('duplicates a selection one offset away', () => {
    const { design, ids } = chain();
    const r = duplicateBlocks(design, { blockIds: [ids[1], ids[2]] });
    expect(r.result.blockIds).toHaveLength(2);
    const added = r.design.blocks.filter((b) => r.result.blockIds.includes(b.id));
    expect(added.map((b) => b.position)).toEqual([
      { x: PASTE_OFFSET, y: 100 + PASTE_OFFSET },
      { x: PASTE_OFFSET, y: 200 + PASTE_OFFSET },
    ]);
    expect(r.design.edges).toHaveLength(5);
  });
});
