import type { BlockParams } from '../graph/types';
import type { BlockDef } from './block-def';
import { activationDef } from './activation';
import { addDef } from './add';
import { avgPoolDef } from './avg-pool';
import { batchNormDef } from './batch-norm';
import { concatenateDef } from './concatenate';
import { convDef } from './conv';
import { denseDef } from './dense';
import { depthwiseConvDef } from './depthwise-conv';
import { dropoutDef } from './dropout';
import { encodingDef } from './encoding';
import { flattenDef } from './flatten';
import { globalPoolDef } from './global-pool';
import { inputDef } from './input';
import { maxPoolDef } from './max-pool';
import { outputDef } from './output';
import { receptiveFieldConvDef } from './receptive-field-conv';
import { separableConvDef } from './separable-conv';
import { zeroPaddingDef } from './zero-padding';

/**
 * Every block definition, in palette order: the five Sora blocks first, then the helpers. This list is the one
 * place a kind is registered; the kind names (BLOCK_KINDS, BlockKind) are derived from it.
 */
export const BLOCK_DEF_LIST = [
  // the five Sora blocks
  inputDef,
  separableConvDef,
  receptiveFieldConvDef,
  encodingDef,
  outputDef,
  // helpers
  convDef,
  depthwiseConvDef,
  maxPoolDef,
  avgPoolDef,
  globalPoolDef,
  batchNormDef,
  activationDef,
  dropoutDef,
  denseDef,
  flattenDef,
  addDef,
  concatenateDef,
  zeroPaddingDef,
] as const;

export type BlockKind = (typeof BLOCK_DEF_LIST)[number]['kind'];

/** A registered definition seen without its own params type (params are checked by resolveParams first). */
export type AnyBlockDef = BlockDef<BlockKind, BlockParams>;

/** Every kind name, in palette order. */
export const BLOCK_KINDS: readonly BlockKind[] = BLOCK_DEF_LIST.map((d) => d.kind);

/** Palette order: the five Sora blocks first, then the helpers — the order of BLOCK_DEF_LIST. */
export const PALETTE_ORDER: readonly BlockKind[] = BLOCK_KINDS;

const BY_KIND = new Map<string, AnyBlockDef>(BLOCK_DEF_LIST.map((d): [string, AnyBlockDef] => [d.kind, d]));

export function isBlockKind(kind: unknown): kind is BlockKind {
  return typeof kind === 'string' && BY_KIND.has(kind);
}

/** Definition of a block kind; throws for an unknown kind (callers validate kinds at the boundary with isBlockKind). */
export function getBlockDef(kind: BlockKind): AnyBlockDef {
  const def = BY_KIND.get(kind);
  if (!def) throw new Error(`Unknown block kind '${String(kind)}'`);
  return def;
}
