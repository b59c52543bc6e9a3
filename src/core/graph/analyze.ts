import type { BlockDef } from '../blocks/block-def';
import { sumTotals } from './totals';
import { elementCount } from '../blocks/block-def';
import { resolveParams } from '../blocks/params';
import { getBlockDef, isBlockKind } from '../blocks/registry';
import type { BlockStats, GraphAnalysis, GraphIssue, GraphTotals } from './analysis-types';
import { indexDesign } from './graph-index';
import { findCycles, topoSort } from './topo';
import type { BlockNode, BlockParams, Design, ReceptiveField, Shape } from './types';
import { checkEndpoints, checkNames } from './validate';
import { errorMessage } from '../result';

/**
 * Validates a design and computes, per block and in total, output shapes, exact Keras parameter
 * counts, MACs/FLOPs (docs/cost-conventions.md), activation memory and receptive fields.
 * Pure; never throws for bad designs (problems become issues attached to the block/edge at fault).
 */
export function analyzeDesign(design: Design): GraphAnalysis {
  const g = indexDesign(design);
  const issues: GraphIssue[] = g.issues;
  const n = g.blocks.length;
  checkNames(g, issues);

  const defs: BlockDef[] = new Array(n);
  const params: BlockParams[] = new Array(n);
  const usable = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const b = g.blocks[i];
    if (!isBlockKind(b.kind)) {
      issues.push({ severity: 'error', code: 'unknown-kind', message: `${b.name}: unknown block kind '${String(b.kind)}'`, blockId: b.id });
      params[i] = {};
      continue;
    }
    const def = getBlockDef(b.kind);
    defs[i] = def;
    const r = resolveParams(b.kind, b.params);
    params[i] = r.params;
    let good = r.errors.length === 0;
    for (const e of r.errors) {
      issues.push({ severity: 'error', code: 'invalid-param', message: `${b.name}: ${e.message}`, blockId: b.id });
    }
    if (good && def.checkParams) {
      for (const m of def.checkParams(r.params)) {
        issues.push({ severity: 'error', code: 'param-rule', message: `${b.name}: ${m}`, blockId: b.id });
        good = false;
      }
    }
    const k = g.incoming[i].length;
    if (k < def.inputs.min) {
      good = false;
      const need = def.inputs.min === 1 ? 'has no input: connect a block into it' : `needs at least ${def.inputs.min} inputs (has ${k})`;
      issues.push({ severity: 'error', code: 'missing-input', message: `${b.name} ${need}`, blockId: b.id });
    } else if (k > def.inputs.max) {
      good = false;
      const max = def.inputs.max === 0 ? 'takes no inputs' : `takes ${def.inputs.max} input${def.inputs.max === 1 ? '' : 's'}`;
      issues.push({
        severity: 'error',
        code: 'too-many-inputs',
        message: `${b.name} ${max} but has ${k}`,
        blockId: b.id,
        edgeId: g.incoming[i][def.inputs.max]?.id,
      });
    }
    usable[i] = good ? 1 : 0;
  }

  const { order, rest } = topoSort(n, g.succ);
  for (const cycle of findCycles(n, g.succ, rest)) {
    const names = cycle.map((i) => g.blocks[i].name);
    const text = cyclePathText(names);
    if (cycle.length <= CYCLE_ISSUE_PER_BLOCK_MAX) {
      for (const i of cycle) {
        issues.push({ severity: 'error', code: 'cycle', message: `${g.blocks[i].name} is in a cycle: ${text}`, blockId: g.blocks[i].id });
      }
    } else {
      // One issue for a long cycle: per-block copies of its path would grow as the square of its length.
      const first = g.blocks[cycle[0]];
      issues.push({
        severity: 'error',
        code: 'cycle',
        message: `${first.name} and ${cycle.length - 1} more blocks form a cycle: ${text}`,
        blockId: first.id,
      });
    }
  }
  const ends = checkEndpoints(g, issues);

  const shapes: (Shape | null)[] = new Array(n).fill(null);
  const fields: (ReceptiveField | null)[] = new Array(n).fill(null);
  const stats: BlockStats[] = [];
  const byId: Record<string, BlockStats> = {};
  for (const i of order) {
    const b = g.blocks[i];
    const st = emptyStats(b);
    stats.push(st);
    byId[b.id] = st;
    const inc = g.incoming[i];
    const inShapes: Shape[] = [];
    const inFields: ReceptiveField[] = [];
    let ready = true;
    for (const e of inc) {
      const s = g.indexOf.get(e.source) as number;
      const sh = shapes[s];
      if (!sh) {
        ready = false;
        break;
      }
      inShapes.push(sh);
      inFields.push(fields[s] as ReceptiveField);
    }
    if (!ready) continue;
    st.inputShapes = inShapes;
    if (!usable[i]) continue;
    const ctx = { params: params[i], inputShapes: inShapes };
    try {
      const res = defs[i].inferShape(ctx);
      if (!res.ok) {
        const extra = res as { code?: string; inputIndex?: number };
        const issue: GraphIssue = { severity: 'error', code: extra.code ?? 'shape-error', message: `${b.name}: ${res.error}`, blockId: b.id };
        const edge = extra.inputIndex !== undefined ? inc[extra.inputIndex] : undefined;
        if (edge) issue.edgeId = edge.id;
        issues.push(issue);
        continue;
      }
      const out = res.shape;
      shapes[i] = out;
      st.outputShape = out;
      st.cost = defs[i].cost(ctx, out);
      fields[i] = defs[i].receptiveField(ctx, inFields);
      st.receptiveField = fields[i];
      st.activationElements = elementCount(out);
      st.activationBytes = st.activationElements * 4;
    } catch (err) {
      const msg = errorMessage(err);
      issues.push({ severity: 'error', code: 'internal-error', message: `${b.name}: could not be analysed (${msg})`, blockId: b.id });
    }
  }
  for (const i of rest) {
    const b = g.blocks[i];
    const st = emptyStats(b);
    stats.push(st);
    byId[b.id] = st;
  }

  // Totals over resolved blocks connected to the output (all resolved blocks when there is no output).
  const totals = sumTotals(order.filter((i) => ends.live[i]).map((i) => byId[g.blocks[i].id]));
  return {
    valid: !issues.some((x) => x.severity === 'error'),
    issues,
    blocks: stats,
    byId,
    totals,
    order: order.map((i) => g.blocks[i].id),
  };
}

/** Cycles up to this many blocks get an issue on every block in them; longer ones one issue in all. */
const CYCLE_ISSUE_PER_BLOCK_MAX = 8;
/** Names shown at each end of a long cycle's path. */
const CYCLE_NAMES_SHOWN = 3;

/** "a → b → c → a", or for a long cycle "a → b → c → … → x → y → z → a (10000 blocks)": bounded text. */
export function cyclePathText(names: readonly string[]): string {
  if (names.length <= 2 * CYCLE_NAMES_SHOWN + 1) return [...names, names[0]].join(' → ');
  const head = names.slice(0, CYCLE_NAMES_SHOWN);
  const tail = names.slice(-CYCLE_NAMES_SHOWN);
  return `${[...head, '…', ...tail, names[0]].join(' → ')} (${names.length} blocks)`;
}

function emptyStats(b: BlockNode): BlockStats {
  return {
    blockId: b.id,
    name: b.name,
    kind: b.kind,
    inputShapes: [],
    outputShape: null,
    cost: null,
    receptiveField: null,
    activationElements: 0,
    activationBytes: 0,
  };
}

/** Issues attached to one block (for the inspector and canvas badges). */
export function issuesForBlock(analysis: GraphAnalysis, blockId: string): GraphIssue[] {
  return analysis.issues.filter((i) => i.blockId === blockId);
}
