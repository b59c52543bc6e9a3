import type { GraphIssue } from './analysis-types';
import type { BlockNode, Design, Edge } from './types';

/** Index of a design's blocks and (well-formed) edges, with the structural issues found on the way. */
export interface GraphIndex {
  /** Blocks with unique ids (later duplicates dropped). */
  blocks: BlockNode[];
  indexOf: Map<string, number>;
  /** Per block: its incoming edges in input order (targetIndex, then edge order). */
  incoming: Edge[][];
  /** Successor / predecessor block indices (one entry per edge). */
  succ: number[][];
  pred: number[][];
  issues: GraphIssue[];
}

export function indexDesign(design: Design): GraphIndex {
  const issues: GraphIssue[] = [];
  const blocks: BlockNode[] = [];
  const indexOf = new Map<string, number>();
  for (const b of design.blocks) {
    if (indexOf.has(b.id)) {
      issues.push({ severity: 'error', code: 'duplicate-id', message: `${b.name}: block id '${b.id}' is used twice`, blockId: b.id });
      continue;
    }
    indexOf.set(b.id, blocks.length);
    blocks.push(b);
  }
  const n = blocks.length;
  const incoming: Edge[][] = Array.from({ length: n }, () => []);
  const succ: number[][] = Array.from({ length: n }, () => []);
  const pred: number[][] = Array.from({ length: n }, () => []);
  const edgeIds = new Set<string>();
  for (const e of design.edges) {
    if (edgeIds.has(e.id)) {
      issues.push({ severity: 'error', code: 'duplicate-id', message: `connection id '${e.id}' is used twice`, edgeId: e.id });
      continue;
    }
    edgeIds.add(e.id);
    const s = indexOf.get(e.source);
    const t = indexOf.get(e.target);
    if (s === undefined || t === undefined) {
      const missing = s === undefined ? e.source : e.target;
      issues.push({
        severity: 'error',
        code: 'dangling-edge',
        message: `connection ${e.id} refers to a block '${missing}' that does not exist`,
        edgeId: e.id,
        blockId: s !== undefined ? e.source : t !== undefined ? e.target : undefined,
      });
      continue;
    }
    if (s === t) {
      issues.push({
        severity: 'error',
        code: 'cycle',
        message: `${blocks[s].name} is connected to itself (a cycle)`,
        edgeId: e.id,
        blockId: e.source,
      });
      continue;
    }
    incoming[t].push(e);
    succ[s].push(t);
    pred[t].push(s);
  }
  for (let i = 0; i < n; i++) {
    const inc = incoming[i];
    if (inc.length < 2) continue;
    // Stable sort by targetIndex (Array.prototype.sort is stable).
    inc.sort((a, b) => a.targetIndex - b.targetIndex);
    for (let k = 1; k < inc.length; k++) {
      if (inc[k].targetIndex === inc[k - 1].targetIndex) {
        issues.push({
          severity: 'warning',
          code: 'ambiguous-input-order',
          message: `${blocks[i].name}: two inputs share position ${inc[k].targetIndex}; their order follows the connection list`,
          blockId: blocks[i].id,
          edgeId: inc[k].id,
        });
      }
    }
  }
  return { blocks, indexOf, incoming, succ, pred, issues };
}
