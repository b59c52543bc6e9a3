import { getBlockDef, isBlockKind } from '../blocks/registry';
import { analyzeDesign } from './analyze';
import { indexDesign } from './graph-index';
import { findPath } from './topo';
import type { Design, Shape } from './types';

export type ConnectCheck = { ok: true } | { ok: false; reason: string };

function fmt(s: Shape): string {
  return `[${s.join(', ')}]`;
}

/**
 * Whether an edge source → target may be added: refuses unknown blocks, self-loops, cycles,
 * edges into an Input block or out of the Output block, duplicates, targets whose inputs are full,
 * and merges (add / concatenate) whose input shapes would not match. Reasons name the blocks.
 */
export function canConnect(design: Design, sourceId: string, targetId: string): ConnectCheck {
  const g = indexDesign(design);
  const s = g.indexOf.get(sourceId);
  const t = g.indexOf.get(targetId);
  if (s === undefined) return { ok: false, reason: `there is no block with id '${sourceId}'` };
  if (t === undefined) return { ok: false, reason: `there is no block with id '${targetId}'` };
  const src = g.blocks[s];
  const tgt = g.blocks[t];
  if (!isBlockKind(tgt.kind)) return { ok: false, reason: `${tgt.name} has an unknown kind '${String(tgt.kind)}'` };
  if (s === t) return { ok: false, reason: `${src.name} cannot be connected to itself` };
  if (tgt.kind === 'input') return { ok: false, reason: `${tgt.name} is an Input block and takes no inputs` };
  if (src.kind === 'output') return { ok: false, reason: `${src.name} is the Output block; nothing can follow it` };
  if (design.edges.some((e) => e.source === sourceId && e.target === targetId)) {
    return { ok: false, reason: `${src.name} is already connected to ${tgt.name}` };
  }
  const back = findPath(g.blocks.length, g.succ, t, s);
  if (back) {
    const names = [src.name, ...back.map((i) => g.blocks[i].name)];
    return { ok: false, reason: `would create a cycle: ${names.join(' → ')}` };
  }
  const def = getBlockDef(tgt.kind);
  const have = g.incoming[t].length;
  if (have >= def.inputs.max) {
    const cap = def.inputs.max === 1 ? 'one input' : `${def.inputs.max} inputs`;
    return { ok: false, reason: `${tgt.name} takes ${cap} and already has ${have}; remove a connection first` };
  }
  if ((tgt.kind === 'add' || tgt.kind === 'concatenate') && have > 0) {
    const a = analyzeDesign(design);
    const srcShape = a.byId[sourceId]?.outputShape;
    if (srcShape) {
      for (const e of g.incoming[t]) {
        const other = a.byId[e.source]?.outputShape;
        if (!other) continue;
        const otherName = g.blocks[g.indexOf.get(e.source) as number].name;
        if (tgt.kind === 'add') {
          const same = other.length === srcShape.length && other.every((d, k) => d === srcShape[k]);
          if (!same) {
            return {
              ok: false,
              reason: `${tgt.name} (Add) needs equal shapes: ${src.name} gives ${fmt(srcShape)} but ${otherName} gives ${fmt(other)}`,
            };
          }
        } else {
          const same = other.length === srcShape.length && other.every((d, k) => k === other.length - 1 || d === srcShape[k]);
          if (!same) {
            return {
              ok: false,
              reason: `${tgt.name} (Concatenate) needs shapes equal except the last axis: ${src.name} gives ${fmt(srcShape)} but ${otherName} gives ${fmt(other)}`,
            };
          }
        }
      }
    }
  }
  return { ok: true };
}
