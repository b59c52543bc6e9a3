import { describeGradGrid } from './grad-grid';

// DepthwiseConv2dNative (tf.depthwiseConv2d) and FusedDepthwiseConv2D (kernel) gradients, depth
// multipliers 1 and 2, vs finite differences and the expanded kernel.
describeGradGrid(true);
