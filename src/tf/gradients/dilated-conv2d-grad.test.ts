import { describeGradGrid } from './grad-grid';

// Conv2D (tf.conv2d) and FusedConv2D (kernel) gradients vs finite differences and the expanded kernel.
describeGradGrid(false);
