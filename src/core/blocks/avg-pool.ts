import type { BlockDef } from './block-def';
import { makePoolDef, type PoolParams } from './pool-common';

export const avgPoolDef: BlockDef<PoolParams> = makePoolDef('avg-pool', 'Avg Pool', 'Averages each window (Keras AveragePooling2D).');
