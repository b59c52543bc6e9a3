import { makeConv2DDef } from './conv2d-common';

/** Plain Keras Conv2D (helper block). */
export const convDef = makeConv2DDef({
  kind: 'conv',
  label: 'Conv',
  category: 'helper',
  description: 'Standard 2-D convolution (Keras Conv2D): every filter sees all input channels.',
  view: { color: '#d1453b' },
  dilation: [1, 1],
});
