import { BLOCK_KINDS, type BlockKind } from '../graph/types';
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

/** Every block definition, by kind. */
export const BLOCK_DEFS: Record<BlockKind, BlockDef> = {
  input: inputDef,
  'separable-conv': separableConvDef,
  'receptive-field-conv': receptiveFieldConvDef,
  encoding: encodingDef,
  output: outputDef,
  conv: convDef,
  'depthwise-conv': depthwiseConvDef,
  'max-pool': maxPoolDef,
  'avg-pool': avgPoolDef,
  'global-pool': globalPoolDef,
  'batch-norm': batchNormDef,
  activation: activationDef,
  dropout: dropoutDef,
  dense: denseDef,
  flatten: flattenDef,
  add: addDef,
  concatenate: concatenateDef,
  'zero-padding': zeroPaddingDef,
};

/** Palette order: the five Sora blocks first, then the helpers — the order BLOCK_KINDS is declared in. */
export const PALETTE_ORDER: BlockKind[] = [...BLOCK_KINDS];

export function isBlockKind(kind: unknown): kind is BlockKind {
  return typeof kind === 'string' && Object.prototype.hasOwnProperty.call(BLOCK_DEFS, kind);
}

/** Definition of a block kind; throws for an unknown kind (callers validate kinds at the boundary with isBlockKind). */
export function getBlockDef(kind: BlockKind): BlockDef {
  const def = BLOCK_DEFS[kind];
  if (!def) throw new Error(`Unknown block kind '${String(kind)}'`);
  return def;
}
