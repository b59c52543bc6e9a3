import type { BlockDef } from './block-def';
import { makeConv2DDef, type Conv2DParams } from './conv2d-common';

/** Plain Keras Conv2D (helper block). */
export const convDef: BlockDef<Conv2DParams> = makeConv2DDef({
  kind: 'conv',
  label: 'Conv',
  category: 'helper',
  description: 'Standard 2-D convolution (Keras Conv2D): every filter sees all input channels.',
  dilation: [1, 1],
});
