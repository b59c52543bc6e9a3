import { createBlock, newId } from '../../core/graph/factory';
import type { BlockNode, Design, Edge } from '../../core/graph/types';
import type { Clipboard } from '../../state/slices/ui-slice';

/** Distance (flow px) pasted blocks are shifted from the originals. */
export const PASTE_OFFSET = 40;

/** Copies the given blocks and the edges running between them (edges to outside blocks are dropped). */
export function copySelection(design: Design, blockIds: readonly string[]): Clipboard | null {
  const ids = new Set(blockIds);
  const blocks = design.blocks.filter((b) => ids.has(b.id));
  if (blocks.length === 0) return null;
  const edges = design.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
  return { blocks: structuredClone(blocks), edges: structuredClone(edges) };
}

/**
 * Adds copies of the clipboard's blocks with new ids and unique names, offset by `offset` × PASTE_OFFSET,
 * re-creating the internal edges (same input order). Returns the new design and the new block ids.
 */
export function pasteClipboard(design: Design, clip: Clipboard, offset = 1): { design: Design; blockIds: string[] } {
  const idMap = new Map<string, string>();
  let working = design;
  const added: BlockNode[] = [];
  for (const b of clip.blocks) {
    const position = { x: b.position.x + PASTE_OFFSET * offset, y: b.position.y + PASTE_OFFSET * offset };
    const copy = createBlock(b.kind, working, position, structuredClone(b.params));
    idMap.set(b.id, copy.id);
    added.push(copy);
    working = { ...working, blocks: [...working.blocks, copy] };
  }
  const edges: Edge[] = [];
  for (const e of clip.edges) {
    const source = idMap.get(e.source);
    const target = idMap.get(e.target);
    if (source && target) edges.push({ id: newId('e'), source, target, targetIndex: e.targetIndex });
  }
  // Keep input order but make indices dense per target (an input from outside was not copied).
  const byTarget = new Map<string, Edge[]>();
  for (const e of edges) byTarget.set(e.target, [...(byTarget.get(e.target) ?? []), e]);
  const dense: Edge[] = [];
  for (const list of byTarget.values()) {
    list.sort((a, b) => a.targetIndex - b.targetIndex).forEach((e, i) => dense.push({ ...e, targetIndex: i }));
  }
  return {
    design: { ...working, edges: [...design.edges, ...dense] },
    blockIds: added.map((b) => b.id),
  };
}
