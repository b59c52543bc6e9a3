import type { BlockParams } from '../graph/types';
import { ZERO_COST, type BlockDef } from './block-def';
import { LIMITS } from './fields';
import { ok } from './shape-utils';

export interface InputParams extends BlockParams {
  height: number;
  width: number;
  channels: number;
}

/** The network input: an [H, W, C] image (batch dimension implied). */
export const inputDef: BlockDef<InputParams> = {
  kind: 'input',
  label: 'Input',
  category: 'sora',
  description: 'Image input of the network, channels-last [height, width, channels] (MNIST: 28×28×1).',
  fields: [
    { type: 'int', key: 'height', label: 'Height', default: 28, min: 1, max: LIMITS.spatial, unit: 'px' },
    { type: 'int', key: 'width', label: 'Width', default: 28, min: 1, max: LIMITS.spatial, unit: 'px' },
    { type: 'int', key: 'channels', label: 'Channels', default: 1, min: 1, max: LIMITS.channels },
  ],
  inputs: { min: 0, max: 0 },
  inferShape({ params: p }) {
    return ok([p.height, p.width, p.channels]);
  },
  cost() {
    return { ...ZERO_COST };
  },
  receptiveField() {
    return { size: [1, 1], jump: [1, 1] };
  },
};
