import { canConnect } from '../connect';
import { newId } from '../factory';
import type { Design, Edge } from '../types';
import { deleteItems } from './delete-items';
import type { EditResult, Outcome } from './edit-result';

export type ConnectOutcome = Outcome<{ edgeId: string }>;

export interface ConnectArgs {
  source: string;
  target: string;
}

/** Adds an edge source → target if the core allows it; the new edge becomes the target's last input. */
export function connectBlocks(design: Design, { source, target }: ConnectArgs): EditResult<ConnectOutcome> {
  const check = canConnect(design, source, target);
  if (!check.ok) return { design, result: { ok: false, reason: check.reason } };
  const targetIndex = design.edges.filter((e) => e.target === target).length;
  const edge: Edge = { id: newId('e'), source, target, targetIndex };
  return { design: { ...design, edges: [...design.edges, edge] }, result: { ok: true, edgeId: edge.id } };
}

export interface ReconnectArgs extends ConnectArgs {
  edgeId: string;
}

/** Moves an edge to a new source/target; refused (design unchanged) if the new connection is not allowed. */
export function reconnectEdge(design: Design, { edgeId, source, target }: ReconnectArgs): EditResult<ConnectOutcome> {
  const old = design.edges.find((e) => e.id === edgeId);
  if (!old) return { design, result: { ok: false, reason: 'That connection no longer exists' } };
  if (old.source === source && old.target === target) return { design, result: { ok: true, edgeId } };
  const without = deleteItems(design, { blockIds: [], edgeIds: [edgeId] }).design;
  const connected = connectBlocks(without, { source, target });
  return connected.result.ok ? connected : { design, result: connected.result };
}
