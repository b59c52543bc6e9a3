import { getBlockDef } from '../blocks/registry';
import { defaultParams } from '../blocks/params';
import type { BlockKind, BlockNode, BlockParams, Design, Position } from './types';

let counter = 0;

/** A fresh id unique within this session (and practically across sessions): `${prefix}-<time>-<n>-<rand>`. */
export function newId(prefix = 'b'): string {
  counter = (counter + 1) % 1_000_000;
  const rand = Math.floor(Math.random() * 36 ** 4)
    .toString(36)
    .padStart(4, '0');
  return `${prefix}-${Date.now().toString(36)}-${counter.toString(36)}-${rand}`;
}

/** snake_case, valid Keras/tfjs layer name: letters, digits and '_' only, starting with a letter. */
export function toLayerName(base: string): string {
  let s = base
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!s) s = 'block';
  if (!/^[a-z]/.test(s)) s = `b_${s}`;
  return s;
}

/** `${base}_${n}` with the smallest n ≥ 1 not used by a block of the design (base made snake_case). */
export function uniqueBlockName(design: Design, base: string): string {
  const stem = toLayerName(base);
  const used = new Set(design.blocks.map((b) => b.name));
  for (let n = 1; ; n++) {
    const name = `${stem}_${n}`;
    if (!used.has(name)) return name;
  }
}

/** Default spot for a new block: below the lowest block, else the origin. */
function nextPosition(design: Design): Position {
  if (design.blocks.length === 0) return { x: 0, y: 0 };
  let lowest = design.blocks[0];
  for (const b of design.blocks) if (b.position.y > lowest.position.y) lowest = b;
  return { x: lowest.position.x, y: lowest.position.y + 100 };
}

/**
 * A new block of `kind` with default params (overridden by `params`, not validated here: the
 * analysis reports bad values), a unique snake_case name like "separable_conv_1" and a fresh id.
 */
export function createBlock(kind: BlockKind, design: Design, position?: Position, params?: Partial<BlockParams>): BlockNode {
  getBlockDef(kind);
  const merged: BlockParams = { ...defaultParams(kind) };
  if (params) {
    for (const [k, v] of Object.entries(params)) if (v !== undefined) merged[k] = v;
  }
  return {
    id: newId(kind.replace(/-/g, '_')),
    kind,
    name: uniqueBlockName(design, kind),
    params: merged,
    position: position ? { x: position.x, y: position.y } : nextPosition(design),
  };
}

export function emptyDesign(name: string): Design {
  return { name, blocks: [], edges: [] };
}
