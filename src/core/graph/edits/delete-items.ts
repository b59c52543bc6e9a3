import type { Design, Edge } from '../types';
import type { EditResult } from './edit-result';

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

export interface DeleteItemsArgs {
  blockIds: readonly string[];
  edgeIds: readonly string[];
}

/**
 * Removes blocks (with every edge touching them) and edges; the inputs left on each target are renumbered.
 * The result counts what was removed.
 */
export function deleteItems(design: Design, { blockIds, edgeIds }: DeleteItemsArgs): EditResult<{ removedBlocks: number; removedEdges: number }> {
  const blocks = new Set(blockIds);
  const edges = new Set(edgeIds);
  const keptBlocks = design.blocks.filter((b) => !blocks.has(b.id));
  const keptEdges = design.edges.filter((e) => !edges.has(e.id) && !blocks.has(e.source) && !blocks.has(e.target));
  const result = { removedBlocks: design.blocks.length - keptBlocks.length, removedEdges: design.edges.length - keptEdges.length };
  if (result.removedBlocks === 0 && result.removedEdges === 0) return { design, result };
  return { design: { ...design, blocks: keptBlocks, edges: compactTargetIndices(keptEdges) }, result };
}
