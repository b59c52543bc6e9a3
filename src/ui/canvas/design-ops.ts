import { canConnect } from '../../core/graph/connect';
import { createBlock, newId } from '../../core/graph/factory';
import type { BlockKind, BlockNode, BlockParams, Design, Edge, ParamValue, Position } from '../../core/graph/types';

/**
 * Pure, immutable edits of a Design used by the editor (canvas, inspector, shortcuts).
 * Each returns the same object when nothing changes, so the store records no empty undo step.
 */

export function addBlock(design: Design, kind: BlockKind, position: Position): { design: Design; block: BlockNode } {
  const block = createBlock(kind, design, position);
  return { design: { ...design, blocks: [...design.blocks, block] }, block };
}

/** Renumbers targetIndex of every target's edges to 0..n-1, keeping their current order. */
export function compactTargetIndices(edges: readonly Edge[]): Edge[] {
  const byTarget = new Map<string, Edge[]>();
  for (const e of edges) {
    const list = byTarget.get(e.target) ?? [];
    list.push(e);
    byTarget.set(e.target, list);
  }
  const index = new Map<string, number>();
  for (const list of byTarget.values()) {
    [...list].sort((a, b) => a.targetIndex - b.targetIndex).forEach((e, i) => index.set(e.id, i));
  }
  return edges.map((e) => (index.get(e.id) === e.targetIndex ? e : { ...e, targetIndex: index.get(e.id) ?? 0 }));
}

/** Removes blocks (with every edge touching them) and edges. */
export function removeItems(design: Design, blockIds: readonly string[], edgeIds: readonly string[]): Design {
  const blocks = new Set(blockIds);
  const edges = new Set(edgeIds);
  const keptBlocks = design.blocks.filter((b) => !blocks.has(b.id));
  const keptEdges = design.edges.filter((e) => !edges.has(e.id) && !blocks.has(e.source) && !blocks.has(e.target));
  if (keptBlocks.length === design.blocks.length && keptEdges.length === design.edges.length) return design;
  return { ...design, blocks: keptBlocks, edges: compactTargetIndices(keptEdges) };
}

export type ConnectResult = { ok: true; design: Design; edge: Edge } | { ok: false; reason: string };

/** Adds an edge source → target if the core allows it; the new edge becomes the target's last input. */
export function connectBlocks(design: Design, source: string, target: string): ConnectResult {
  const check = canConnect(design, source, target);
  if (!check.ok) return { ok: false, reason: check.reason };
  const targetIndex = design.edges.filter((e) => e.target === target).length;
  const edge: Edge = { id: newId('e'), source, target, targetIndex };
  return { ok: true, design: { ...design, edges: [...design.edges, edge] }, edge };
}

/** Moves an edge to a new source/target; refused (design unchanged) if the new connection is not allowed. */
export function reconnectEdge(design: Design, edgeId: string, source: string, target: string): ConnectResult {
  const old = design.edges.find((e) => e.id === edgeId);
  if (!old) return { ok: false, reason: 'That connection no longer exists' };
  if (old.source === source && old.target === target) return { ok: true, design, edge: old };
  const without = removeItems(design, [], [edgeId]);
  return connectBlocks(without, source, target);
}

export function moveBlocks(design: Design, positions: ReadonlyMap<string, Position>): Design {
  let changed = false;
  const blocks = design.blocks.map((b) => {
    const p = positions.get(b.id);
    if (!p || (p.x === b.position.x && p.y === b.position.y)) return b;
    changed = true;
    return { ...b, position: { x: p.x, y: p.y } };
  });
  return changed ? { ...design, blocks } : design;
}

function sameValue(a: ParamValue | undefined, b: ParamValue): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a[0] === b[0] && a[1] === b[1];
  return a === b;
}

export function setParam(design: Design, blockId: string, key: string, value: ParamValue): Design {
  const block = design.blocks.find((b) => b.id === blockId);
  if (!block || sameValue(block.params[key], value)) return design;
  const params: BlockParams = { ...block.params, [key]: value };
  return { ...design, blocks: design.blocks.map((b) => (b.id === blockId ? { ...b, params } : b)) };
}

/** Message naming the problem with a block name, or null when it can be used. */
export function checkBlockName(design: Design, blockId: string, name: string): string | null {
  if (name.trim() === '') return 'Name must not be empty';
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) {
    return `Name '${name}' must start with a letter and use only letters, digits and '_' (it becomes the layer name)`;
  }
  const clash = design.blocks.find((b) => b.id !== blockId && b.name === name);
  return clash ? `Name '${name}' is already used by another block` : null;
}

export function renameBlock(design: Design, blockId: string, name: string): Design {
  const block = design.blocks.find((b) => b.id === blockId);
  if (!block || block.name === name) return design;
  return { ...design, blocks: design.blocks.map((b) => (b.id === blockId ? { ...b, name } : b)) };
}
