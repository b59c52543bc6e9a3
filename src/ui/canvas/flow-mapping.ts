import type { Edge as FlowEdge, Node as FlowNode } from '@xyflow/react';
import { getBlockDef } from '../../core/blocks/registry';
import type { GraphAnalysis, GraphIssue } from '../../core/graph/analysis-types';
import type { BlockKind, Design } from '../../core/graph/types';
import { formatShape } from '../summary/format';

/**
 * The structural part of a block node: position-free (it stays the same object while blocks are dragged)
 * and free of analysis numbers. Shapes and costs reach the node view through its own store subscription
 * (useBlockView), so a parameter edit leaves the nodes React Flow holds untouched and re-renders only
 * the node views whose numbers change.
 */
export interface BlockNodeData extends Record<string, unknown> {
  name: string;
  kind: BlockKind;
  /** Number of edges feeding this block. */
  inputCount: number;
  /** True when an error is attached to the block (the mini map draws it red). */
  hasError: boolean;
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
export function issuesOf(analysis: GraphAnalysis): { block: Map<string, GraphIssue[]>; edge: Map<string, GraphIssue[]> } {
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
  return design.blocks.map((block) => {
    const firstError = (issues.get(block.id) ?? NO_ISSUES).find((i) => i.severity === 'error')?.message;
    return {
      id: block.id,
      type: 'block',
      position: block.position,
      selected: selected.has(block.id),
      measured: measured.get(block.id),
      // On React Flow's focusable node wrapper (role "group"), where a label is allowed.
      ariaLabel: `${getBlockDef(block.kind).label} block ${block.name}${firstError !== undefined ? `, error: ${firstError}` : ''}`,
      data: {
        name: block.name,
        kind: block.kind,
        inputCount: inputs.get(block.id) ?? 0,
        hasError: firstError !== undefined,
      },
    };
  });
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

/**
 * Value equality for the small view objects built here, down to `depth` levels of arrays / plain objects
 * (edge error lists, positions and sizes are rebuilt on every mapping with the same values).
 */
function sameValue(x: unknown, y: unknown, depth: number): boolean {
  if (x === y) return true;
  if (depth === 0 || typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
  if (Array.isArray(x) !== Array.isArray(y)) return false;
  return shallowEqual(x as Record<string, unknown>, y as Record<string, unknown>, depth - 1);
}

function shallowEqual(a: Record<string, unknown>, b: Record<string, unknown>, depth: number): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (!sameValue(a[k], b[k], depth)) return false;
  return true;
}

/**
 * Reuses the previous node/edge object when nothing it shows changed, so React Flow and the memoised
 * node views skip unchanged items: dragging one block of 200 re-renders one node, and a parameter edit
 * re-renders only the nodes and edges whose shapes, costs or issues it changes.
 */
export function stabilize<T extends { id: string; data?: Record<string, unknown> }>(prev: ReadonlyMap<string, T>, next: T[]): T[] {
  return next.map((item) => {
    const old = prev.get(item.id);
    if (!old) return item;
    const { data: oldData, ...oldRest } = old;
    const { data: newData, ...newRest } = item;
    const dataSame = oldData === newData || (oldData !== undefined && newData !== undefined && shallowEqual(oldData, newData, 1));
    if (!dataSame) return item;
    // Same data: keep the old data object (memoised views skip) and, if nothing else changed, the old item.
    return shallowEqual(oldRest, newRest, 1) ? old : { ...item, data: oldData };
  });
}

/** The previous array itself when `next` holds exactly its items (React Flow then skips its store update). */
export function reuseList<T>(prev: readonly T[], next: T[]): T[] {
  return prev.length === next.length && next.every((x, i) => x === prev[i]) ? (prev as T[]) : next;
}
