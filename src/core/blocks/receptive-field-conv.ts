import { makeConv2DDef } from './conv2d-common';

/** Sora "receptive-field" conv: a Keras Conv2D with dilation_rate (default 2) to widen the field cheaply. */
export const receptiveFieldConvDef = makeConv2DDef({
  kind: 'receptive-field-conv',
  label: 'Receptive-Field Conv',
  category: 'sora',
  description: 'Dilated convolution (Keras Conv2D with dilation_rate): a 3×3 kernel with dilation 2 sees 5×5 pixels for the cost of 3×3.',
  view: { color: '#7c4dce' },
  dilation: [2, 2],
});
