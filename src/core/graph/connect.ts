import { mergeMismatchMessage } from '../blocks/merge';
import { getBlockDef, isBlockKind } from '../blocks/registry';
import { analyzeDesign } from './analyze';
import { indexDesign } from './graph-index';
import { findPath } from './topo';
import type { Design } from './types';

export type ConnectCheck = { ok: true } | { ok: false; reason: string };

/**
 * Whether an edge source → target may be added: refuses unknown blocks, self-loops, cycles,
 * edges into an Input block or out of the Output block, duplicates, targets whose inputs are full,
 * and merges whose input shapes would not match (the merge rule of the target's block definition, the same
 * rule and wording its shape inference uses). Reasons name the blocks.
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
  if (def.merge && have > 0) {
    const a = analyzeDesign(design);
    const srcShape = a.byId[sourceId]?.outputShape;
    if (srcShape) {
      for (const e of g.incoming[t]) {
        const other = a.byId[e.source]?.outputShape;
        if (!other || def.merge.agree(other, srcShape)) continue;
        const otherName = g.blocks[g.indexOf.get(e.source) as number].name;
        const reason = mergeMismatchMessage(
          `${tgt.name} (${def.label})`,
          def.merge,
          { name: otherName, shape: other },
          { name: src.name, shape: srcShape },
        );
        return { ok: false, reason };
      }
    }
  }
  return { ok: true };
}
