import { createBlock, newId } from '../factory';
import type { BlockNode, Design, Edge } from '../types';
import type { EditResult } from './edit-result';

/** Blocks (and the edges between them) copied with Ctrl+C / Ctrl+X. */
export interface Clipboard {
  blocks: BlockNode[];
  edges: Edge[];
}

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

export interface PasteArgs {
  clipboard: Clipboard;
  /** How many PASTE_OFFSETs the copies are shifted by (grows with each paste of the same copy). */
  offset?: number;
}

/**
 * Adds copies of the clipboard's blocks with new ids and unique names, offset by `offset` × PASTE_OFFSET,
 * re-creating the internal edges (same input order). The result is the new block ids.
 */
export function pasteClipboard(design: Design, { clipboard, offset = 1 }: PasteArgs): EditResult<{ blockIds: string[] }> {
  const idMap = new Map<string, string>();
  let working = design;
  const added: BlockNode[] = [];
  for (const b of clipboard.blocks) {
    const position = { x: b.position.x + PASTE_OFFSET * offset, y: b.position.y + PASTE_OFFSET * offset };
    const copy = createBlock(b.kind, working, position, structuredClone(b.params));
    idMap.set(b.id, copy.id);
    added.push(copy);
    working = { ...working, blocks: [...working.blocks, copy] };
  }
  const edges: Edge[] = [];
  for (const e of clipboard.edges) {
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
    design: added.length === 0 ? design : { ...working, edges: [...design.edges, ...dense] },
    result: { blockIds: added.map((b) => b.id) },
  };
}

export interface DuplicateArgs {
  blockIds: readonly string[];
}

/** Pastes a copy of the given blocks (and the edges between them) one PASTE_OFFSET away; the result is the new ids. */
export function duplicateBlocks(design: Design, { blockIds }: DuplicateArgs): EditResult<{ blockIds: string[] }> {
  const clipboard = copySelection(design, blockIds);
  if (!clipboard) return { design, result: { blockIds: [] } };
  return pasteClipboard(design, { clipboard, offset: 1 });
}
