import { defineBlock, ZERO_COST } from './block-def';
import { LIMITS } from './fields';
import { ok } from './shape-utils';

/** The network input: an [H, W, C] image (batch dimension implied). */
export const inputDef = defineBlock({
  kind: 'input',
  label: 'Input',
  category: 'sora',
  description: 'Image input of the network, channels-last [height, width, channels] (MNIST: 28×28×1).',
  view: { color: '#708090' },
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
  keras: (p) => [
    { suffix: '', cls: 'InputLayer', config: { batch_input_shape: [null, p.height, p.width, p.channels], dtype: 'float32', sparse: false } },
  ],
});
