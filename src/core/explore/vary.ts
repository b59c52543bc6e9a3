/**
 * Applying explorer variations to a base design (pure): the axes of types.ts VaryAxis, their checks against
 * the base, the base's own value on each axis, and the design for one point of the grid.
 */
import { resolveParams } from '../blocks/params';
import { getBlockDef, isBlockKind } from '../blocks/registry';
import { uniqueBlockName } from '../graph/factory';
import type { BlockKind, BlockNode, BlockParams, Design, Edge, Pair } from '../graph/types';
import type { CandidateChange, VaryAxis, VaryKind } from './types';

/** Blocks whose `filters` the width multiplier and the `filters` axis change. */
export const FILTER_KINDS: readonly BlockKind[] = ['separable-conv', 'conv', 'receptive-field-conv'];
/** Blocks with a k×k window the `kernel` axis changes. */
export const KERNEL_KINDS: readonly BlockKind[] = ['separable-conv', 'conv', 'receptive-field-conv', 'depthwise-conv'];
/** Blocks whose dilation the `dilation` axis changes. */
export const DILATION_KINDS: readonly BlockKind[] = ['receptive-field-conv'];

/** At most this many values per axis and this many axes (bounded work on bad input). */
export const MAX_AXIS_VALUES = 64;
export const MAX_AXES = 16;

const BLOCK_AXES: Partial<Record<VaryKind, readonly BlockKind[]>> = { filters: FILTER_KINDS, kernel: KERNEL_KINDS, dilation: DILATION_KINDS };

function findBlock(design: Design, name: string): BlockNode | undefined {
  return design.blocks.find((b) => b.name === name);
}

function resolved(b: BlockNode): BlockParams {
  return isBlockKind(b.kind) ? resolveParams(b.kind, b.params).params : b.params;
}

function squareOf(v: unknown): number | null {
  if (typeof v === 'number') return v;
  if (Array.isArray(v) && v.length === 2 && v[0] === v[1] && typeof v[0] === 'number') return v[0];
  return null;
}

function inputBlock(design: Design): BlockNode | undefined {
  return design.blocks.find((b) => b.kind === 'input');
}

/** The base design's own value on an axis (width 1, depth 1); null when it has none (e.g. a non-square kernel). */
export function baseValue(design: Design, axis: VaryAxis): number | null {
  switch (axis.kind) {
    case 'width':
    case 'depth':
      return 1;
    case 'resolution': {
      const inp = inputBlock(design);
      if (!inp) return null;
      const p = resolved(inp);
      return p.height === p.width && typeof p.height === 'number' ? p.height : null;
    }
    default: {
      const b = findBlock(design, axis.block);
      if (!b) return null;
      const p = resolved(b);
      if (axis.kind === 'filters') return typeof p.filters === 'number' ? p.filters : null;
      return squareOf(axis.kind === 'kernel' ? p.kernelSize : p.dilation);
    }
  }
}

/** Problems of a vary spec against the base design (empty when usable): unknown blocks, wrong kinds, bad values. */
export function varySpecProblems(design: Design, axes: readonly VaryAxis[], opts: { resizableInput?: boolean } = {}): string[] {
  const out: string[] = [];
  if (axes.length > MAX_AXES) out.push(`at most ${MAX_AXES} axes may vary, got ${axes.length}`);
  const seen = new Set<string>();
  for (const axis of axes.slice(0, MAX_AXES)) {
    const label = 'block' in axis ? `${axis.kind}:${axis.block}` : axis.kind;
    if (seen.has(label)) out.push(`${label} is given twice`);
    seen.add(label);
    if (axis.values.length === 0) out.push(`${label}: no values`);
    if (axis.values.length > MAX_AXIS_VALUES) out.push(`${label}: at most ${MAX_AXIS_VALUES} values, got ${axis.values.length}`);
    if (new Set(axis.values).size !== axis.values.length) out.push(`${label}: a value is listed twice`);
    const positiveInts = axis.kind !== 'width';
    const bad = axis.values.find((v) => !Number.isFinite(v) || v <= 0 || (positiveInts && !Number.isInteger(v)));
    if (bad !== undefined) out.push(`${label}: values must be ${positiveInts ? 'positive integers' : 'positive numbers'}, got ${bad}`);
    if (axis.kind === 'resolution') {
      if (!opts.resizableInput) out.push('resolution cannot vary: this dataset has a fixed image size');
      else if (!inputBlock(design)) out.push('resolution cannot vary: the design has no Input block');
      continue;
    }
    if (axis.kind === 'width') continue;
    const b = findBlock(design, axis.block);
    if (!b) {
      out.push(`${label}: no block named '${axis.block}' (blocks: ${design.blocks.map((x) => x.name).join(', ')})`);
      continue;
    }
    if (axis.kind === 'depth') {
      if (!isBlockKind(b.kind) || getBlockDef(b.kind).inputs.max !== 1)
        out.push(`${label}: only single-input blocks can be repeated ('${b.name}' is ${b.kind})`);
      continue;
    }
    const kinds = BLOCK_AXES[axis.kind] ?? [];
    if (!kinds.includes(b.kind)) out.push(`${label}: '${b.name}' is ${b.kind}; ${axis.kind} applies to ${kinds.join(', ')}`);
  }
  return out;
}

/** Short label of one change: "×0.75", "dil 3", "conv_1 48f", "conv_1 k5", "conv_1 depth 2", "32×32 input". */
export function changeLabel(kind: VaryKind, value: number, block: string | undefined, onlyBlockOfKind: boolean): string {
  const who = block && !onlyBlockOfKind ? `${block} ` : '';
  switch (kind) {
    case 'width':
      return `×${value}`;
    case 'filters':
      return `${block} ${value}f`;
    case 'kernel':
      return `${who}k${value}`;
    case 'dilation':
      return `${who}dil ${value}`;
    case 'depth':
      return `${block} depth ${value}`;
    case 'resolution':
      return `${value}×${value} input`;
  }
}

function scaled(n: number, m: number): number {
  return Math.max(1, Math.round(n * m));
}

/** Filters the block would have under `width` alone (no explicit `filters` value). */
export function widthScaledFilters(design: Design, block: string, width: number): number | null {
  const b = findBlock(design, block);
  const f = b ? resolved(b).filters : undefined;
  return typeof f === 'number' ? scaled(f, width) : null;
}

/** Copies a design: fresh block/param/edge objects (pairs copied), so edits never touch the base. */
function cloneDesign(d: Design): Design {
  const params = (p: BlockParams): BlockParams =>
    Object.fromEntries(Object.entries(p).map(([k, v]) => [k, Array.isArray(v) ? ([v[0], v[1]] as Pair) : v]));
  return {
    name: d.name,
    blocks: d.blocks.map((b) => ({ ...b, params: params(b.params), position: { ...b.position } })),
    edges: d.edges.map((e) => ({ ...e })),
    ...(d.viewport ? { viewport: { ...d.viewport } } : {}),
  };
}

/** Chains `copies` copies of `block` right after it (deterministic ids and names); its successors follow the last copy. */
function repeatBlock(d: Design, block: BlockNode, copies: number): void {
  const outgoing = d.edges.filter((e) => e.source === block.id);
  let prev = block;
  for (let k = 1; k <= copies; k++) {
    const copy: BlockNode = {
      id: `${block.id}_rep${k}`,
      kind: block.kind,
      name: uniqueBlockName(d, `${block.name}_rep`),
      params: { ...block.params },
      position: { x: block.position.x + 40 * k, y: block.position.y + 40 * k },
    };
    d.blocks.push(copy);
    d.edges.push({ id: `${copy.id}_in`, source: prev.id, target: copy.id, targetIndex: 0 } satisfies Edge);
    prev = copy;
  }
  for (const e of outgoing) e.source = prev.id;
}

/**
 * The design for one point: `values[i]` is the value of `axes[i]`. Order: resolution, width, then per-block
 * filters (overriding width), kernel, dilation, and last depth (copies carry the block's final params).
 * The result is not validated here (generateCandidates runs analyzeDesign).
 */
export function applyVariation(base: Design, axes: readonly VaryAxis[], values: readonly number[], name: string): Design {
  const d = cloneDesign(base);
  d.name = name;
  const byName = (n: string) => d.blocks.find((b) => b.name === n);
  const at = (kind: VaryKind) => axes.flatMap((a, i) => (a.kind === kind ? [{ axis: a, value: values[i] }] : []));
  for (const { value } of at('resolution')) {
    const inp = inputBlock(d);
    if (inp) inp.params = { ...inp.params, height: value, width: value };
  }
  for (const { value } of at('width')) {
    if (value === 1) continue;
    for (const b of d.blocks) {
      if (FILTER_KINDS.includes(b.kind) && typeof b.params.filters === 'number') b.params.filters = scaled(b.params.filters, value);
      else if (b.kind === 'dense' && typeof b.params.units === 'number') b.params.units = scaled(b.params.units, value);
      else if (b.kind === 'encoding' && typeof b.params.embeddingUnits === 'number' && b.params.embeddingUnits > 0) {
        b.params.embeddingUnits = scaled(b.params.embeddingUnits, value);
      }
    }
  }
  for (const kind of ['filters', 'kernel', 'dilation'] as const) {
    for (const { axis, value } of at(kind)) {
      const b = 'block' in axis ? byName(axis.block) : undefined;
      if (!b) continue;
      if (kind === 'filters') b.params.filters = value;
      else b.params[kind === 'kernel' ? 'kernelSize' : 'dilation'] = [value, value];
    }
  }
  for (const { axis, value } of at('depth')) {
    const b = 'block' in axis ? byName(axis.block) : undefined;
    if (b && value > 1) repeatBlock(d, b, value - 1);
  }
  return d;
}

/**
 * The changes of one point that make a difference: an axis is listed when its value differs from the base's
 * own (for `filters`, from what the point's width alone would give that block).
 */
export function effectiveChanges(base: Design, axes: readonly VaryAxis[], values: readonly number[]): CandidateChange[] {
  const widthAt = axes.findIndex((a) => a.kind === 'width');
  const width = widthAt >= 0 ? values[widthAt] : 1;
  const out: CandidateChange[] = [];
  axes.forEach((axis, i) => {
    const value = values[i];
    const block = 'block' in axis ? axis.block : undefined;
    const reference = axis.kind === 'filters' && block ? widthScaledFilters(base, block, width) : baseValue(base, axis);
    if (reference === value) return;
    const sameKind = block ? base.blocks.filter((b) => b.kind === findBlock(base, block)?.kind).length === 1 : true;
    out.push({ kind: axis.kind, ...(block ? { block } : {}), value, label: changeLabel(axis.kind, value, block, sameKind) });
  });
  return out;
}
