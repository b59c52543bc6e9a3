import { resolveParams } from '../blocks/params';
import { isBlockKind } from '../blocks/registry';
import type { GraphAnalysis } from '../graph/analysis-types';
import { analyzeDesign } from '../graph/analyze';
import type { BlockKind, BlockNode, BlockParams, Design, ParamValue } from '../graph/types';

/** One parameter whose value differs between the two variants (after filling in defaults). */
export interface ParamChange {
  key: string;
  before: ParamValue | undefined;
  after: ParamValue | undefined;
}

export interface BlockCostDelta {
  params: number;
  macs: number;
}

export interface BlockSummary {
  name: string;
  kind: BlockKind;
  params: number;
  macs: number;
}

export interface ChangedBlock {
  name: string;
  kindBefore: BlockKind;
  kindAfter: BlockKind;
  /** Differing parameters, sorted by key. */
  params: ParamChange[];
  /** Names of the blocks feeding this one, in input order, when they differ. */
  inputsBefore?: string[];
  inputsAfter?: string[];
  /** after − before. */
  delta: BlockCostDelta;
}

export interface DesignDiff {
  added: BlockSummary[];
  removed: BlockSummary[];
  changed: ChangedBlock[];
  /** Blocks present in both with identical kind, params and inputs. */
  unchangedCount: number;
  /** Unchanged blocks whose cost still changed (their input shape changed upstream). */
  affected: (BlockSummary & { delta: BlockCostDelta })[];
  /** Totals: after − before. */
  delta: BlockCostDelta;
  before: BlockCostDelta;
  after: BlockCostDelta;
}

function blockCost(a: GraphAnalysis, id: string): BlockCostDelta {
  const c = a.byId[id]?.cost;
  return { params: c?.params ?? 0, macs: c?.macs ?? 0 };
}

function resolved(b: BlockNode): BlockParams {
  return isBlockKind(b.kind) ? resolveParams(b.kind, b.params).params : { ...b.params };
}

function sameValue(x: ParamValue | undefined, y: ParamValue | undefined): boolean {
  if (Array.isArray(x) && Array.isArray(y)) return x.length === y.length && x.every((v, i) => v === y[i]);
  return x === y;
}

function paramChanges(before: BlockParams, after: BlockParams): ParamChange[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys.filter((k) => !sameValue(before[k], after[k])).map((key) => ({ key, before: before[key], after: after[key] }));
}

function inputNames(design: Design, blockId: string): string[] {
  const names = new Map(design.blocks.map((b) => [b.id, b.name] as const));
  return design.edges
    .filter((e) => e.target === blockId)
    .sort((a, b) => a.targetIndex - b.targetIndex)
    .map((e) => names.get(e.source) ?? e.source);
}

/**
 * Differences from design `a` (before) to design `b` (after), matching blocks by name:
 * blocks only in b are added, only in a removed; blocks in both whose kind, effective params or
 * input wiring differ are changed (with the params that differ and their params/MACs delta).
 */
export function diffDesigns(a: Design, b: Design): DesignDiff {
  const aa = analyzeDesign(a);
  const ab = analyzeDesign(b);
  const byNameA = new Map(a.blocks.map((x) => [x.name, x] as const));
  const byNameB = new Map(b.blocks.map((x) => [x.name, x] as const));
  const summary = (an: GraphAnalysis, x: BlockNode): BlockSummary => ({ name: x.name, kind: x.kind, ...blockCost(an, x.id) });

  const added = b.blocks.filter((x) => !byNameA.has(x.name)).map((x) => summary(ab, x));
  const removed = a.blocks.filter((x) => !byNameB.has(x.name)).map((x) => summary(aa, x));
  const changed: ChangedBlock[] = [];
  let unchangedCount = 0;
  const affected: DesignDiff['affected'] = [];
  for (const xa of a.blocks) {
    const xb = byNameB.get(xa.name);
    if (!xb) continue;
    const params = xa.kind === xb.kind ? paramChanges(resolved(xa), resolved(xb)) : paramChanges(xa.params, xb.params);
    const inA = inputNames(a, xa.id);
    const inB = inputNames(b, xb.id);
    const rewired = inA.length !== inB.length || inA.some((n, i) => n !== inB[i]);
    const ca = blockCost(aa, xa.id);
    const cb = blockCost(ab, xb.id);
    if (xa.kind === xb.kind && params.length === 0 && !rewired) {
      unchangedCount += 1;
      if (ca.params !== cb.params || ca.macs !== cb.macs) {
        affected.push({ name: xb.name, kind: xb.kind, ...cb, delta: { params: cb.params - ca.params, macs: cb.macs - ca.macs } });
      }
      continue;
    }
    changed.push({
      name: xa.name,
      kindBefore: xa.kind,
      kindAfter: xb.kind,
      params,
      ...(rewired ? { inputsBefore: inA, inputsAfter: inB } : {}),
      delta: { params: cb.params - ca.params, macs: cb.macs - ca.macs },
    });
  }
  const before = { params: aa.totals.params, macs: aa.totals.macs };
  const after = { params: ab.totals.params, macs: ab.totals.macs };
  return {
    added,
    removed,
    changed,
    unchangedCount,
    affected,
    before,
    after,
    delta: { params: after.params - before.params, macs: after.macs - before.macs },
  };
}

/** A short text form of a parameter value for display: [3, 3] → "3×3", undefined → "—". */
export function formatParamValue(v: ParamValue | undefined): string {
  if (v === undefined) return '—';
  if (Array.isArray(v)) return `${v[0]}×${v[1]}`;
  return String(v);
}
