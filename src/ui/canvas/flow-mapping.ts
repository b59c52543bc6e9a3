import type { Edge as FlowEdge, Node as FlowNode } from '@xyflow/react';
import { getBlockDef } from '../../core/blocks/registry';
import type { BlockStats, GraphAnalysis, GraphIssue } from '../../core/graph/analysis-types';
import type { BlockKind, Design } from '../../core/graph/types';
import { formatShape } from '../summary/format';

/** What a block node shows. Position-free, so it stays the same object while blocks are dragged. */
export interface BlockNodeData extends Record<string, unknown> {
  name: string;
  kind: BlockKind;
  stats: BlockStats | null;
  /** Issues (errors and warnings) attached to this block. */
  issues: GraphIssue[];
  /** Number of edges feeding this block. */
  inputCount: number;
}

export interface ShapeEdgeData extends Record<string, unknown> {
  /** Tensor shape carried by the edge, e.g. "28×28×16" ("?" when unresolved). */
  shapeLabel: string;
  /** Messages of the issues attached to this edge. */
  errors: string[];
  targetIndex: number;
  /** True when the target takes several inputs (the label then shows the input number). */
  toMerge: boolean;
}

export type BlockFlowNode = FlowNode<BlockNodeData, 'block'>;
export type ShapeFlowEdge = FlowEdge<ShapeEdgeData, 'shape'>;

export interface Measured {
  width: number;
  height: number;
}

const NO_ISSUES: GraphIssue[] = [];
const issueCache = new WeakMap<GraphAnalysis, { block: Map<string, GraphIssue[]>; edge: Map<string, GraphIssue[]> }>();

/** Issues grouped by block and by edge (cached per analysis so the arrays are stable). */
function issuesOf(analysis: GraphAnalysis): { block: Map<string, GraphIssue[]>; edge: Map<string, GraphIssue[]> } {
  let c = issueCache.get(analysis);
  if (!c) {
    c = { block: new Map(), edge: new Map() };
    for (const issue of analysis.issues) {
      if (issue.blockId) c.block.set(issue.blockId, [...(c.block.get(issue.blockId) ?? []), issue]);
      if (issue.edgeId) c.edge.set(issue.edgeId, [...(c.edge.get(issue.edgeId) ?? []), issue]);
    }
    issueCache.set(analysis, c);
  }
  return c;
}

export function toFlowNodes(
  design: Design,
  analysis: GraphAnalysis,
  selected: ReadonlySet<string>,
  measured: ReadonlyMap<string, Measured>,
): BlockFlowNode[] {
  const issues = issuesOf(analysis).block;
  const inputs = new Map<string, number>();
  for (const e of design.edges) inputs.set(e.target, (inputs.get(e.target) ?? 0) + 1);
  return design.blocks.map((block) => ({
    id: block.id,
    type: 'block',
    position: block.position,
    selected: selected.has(block.id),
    measured: measured.get(block.id),
    data: {
      name: block.name,
      kind: block.kind,
      stats: analysis.byId[block.id] ?? null,
      issues: issues.get(block.id) ?? NO_ISSUES,
      inputCount: inputs.get(block.id) ?? 0,
    },
  }));
}

export function toFlowEdges(design: Design, analysis: GraphAnalysis, selected: ReadonlySet<string>): ShapeFlowEdge[] {
  const issues = issuesOf(analysis).edge;
  const kinds = new Map(design.blocks.map((b) => [b.id, b.kind] as const));
  const names = new Map(design.blocks.map((b) => [b.id, b.name] as const));
  return design.edges.map((e) => {
    const errors = (issues.get(e.id) ?? NO_ISSUES).map((i) => i.message);
    const targetKind = kinds.get(e.target);
    const toMerge = targetKind ? getBlockDef(targetKind).inputs.max > 1 : false;
    const shapeLabel = formatShape(analysis.byId[e.source]?.outputShape);
    return {
      id: e.id,
      source: e.source,
      target: e.target,
      sourceHandle: 'out',
      targetHandle: 'in',
      type: 'shape',
      selected: selected.has(e.id),
      className: errors.length > 0 ? 'edge-error' : undefined,
      ariaLabel:
        `Edge ${names.get(e.source) ?? e.source} to ${names.get(e.target) ?? e.target}` +
        `${toMerge ? ` (input ${e.targetIndex + 1})` : ''}, shape ${shapeLabel}${errors.length ? `, error: ${errors[0]}` : ''}`,
      data: { shapeLabel, errors, targetIndex: e.targetIndex, toMerge },
    };
  });
}

function shallowEqual(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    const x = a[k];
    const y = b[k];
    if (x === y) continue;
    if (Array.isArray(x) && Array.isArray(y) && x.length === y.length && x.every((v, i) => v === y[i])) continue;
    return false;
  }
  return true;
}

/**
 * Reuses the previous node/edge object when nothing it shows changed, so React Flow and the memoised
 * node views skip unchanged items (dragging one block of 200 re-renders one node, not 200).
 */
export function stabilize<T extends { id: string; data?: Record<string, unknown> }>(prev: ReadonlyMap<string, T>, next: T[]): T[] {
  return next.map((item) => {
    const old = prev.get(item.id);
    if (!old) return item;
    const { data: oldData, ...oldRest } = old;
    const { data: newData, ...newRest } = item;
    const dataSame = oldData === newData || (oldData !== undefined && newData !== undefined && shallowEqual(oldData, newData));
    if (!dataSame) return item;
    // Same data: keep the old data object (memoised views skip) and, if nothing else changed, the old item.
    return shallowEqual(oldRest, newRest) ? old : { ...item, data: oldData };
  });
}
