import type { BlockDef } from './block-def';
import { makePoolDef, type PoolParams } from './pool-common';

export const maxPoolDef: BlockDef<PoolParams> = makePoolDef('max-pool', 'Max Pool', 'Keeps the largest value of each window (Keras MaxPooling2D).');
