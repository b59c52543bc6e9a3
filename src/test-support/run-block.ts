import type { BlockKind, Cost, ReceptiveField, Shape } from '../core/graph/types';
import { resolveParams } from '../core/blocks/params';
import { getBlockDef } from '../core/blocks/registry';

/** Runs one block definition on given input shapes (params checked first). */
export function runBlock(
  kind: BlockKind,
  params: Record<string, unknown>,
  inputShapes: Shape[],
  inputFields: ReceptiveField[] = inputShapes.map(() => ({ size: [1, 1], jump: [1, 1] })),
): { shape: Shape | null; error: string | null; code: string | null; cost: Cost | null; rf: ReceptiveField | null } {
  const def = getBlockDef(kind);
  const r = resolveParams(kind, params);
  if (r.errors.length) throw new Error(r.errors.map((e) => e.message).join('; '));
  const ctx = { params: r.params, inputShapes };
  const res = def.inferShape(ctx);
  if (!res.ok) return { shape: null, error: res.error, code: (res as { code?: string }).code ?? null, cost: null, rf: null };
  return { shape: res.shape, error: null, code: null, cost: def.cost(ctx, res.shape), rf: def.receptiveField(ctx, inputFields) };
}
