import * as tf from '@tensorflow/tfjs';

/**
 * Kernel names under which a backend can offer native dilated convolution gradients (the stock
 * Conv2DBackprop{Filter,Input} take no dilation; the depthwise ones do but the cpu backend ignores it). The wasm
 * backend registers its backprop kernels under these names too (src/tf/wasm/register-kernels.ts); where a name is
 * registered for the active backend the dilated gradient runs that one kernel, else it is built from forward ops
 * (dilated-conv2d-grad.ts, dilated-depthwise-grad.ts). Inputs and attrs are the stock kernels' plus `dilations`.
 */
export const NATIVE_DILATED_GRAD_KERNELS = {
  convFilter: 'SoraDilatedConv2DBackpropFilter',
  convInput: 'SoraDilatedConv2DBackpropInput',
  depthwiseFilter: 'SoraDilatedDepthwiseBackpropFilter',
  depthwiseInput: 'SoraDilatedDepthwiseBackpropInput',
} as const;

/** Whether the active backend has the named kernel. */
export function hasNativeKernel(name: string): boolean {
  return tf.getKernel(name, tf.getBackend()) != null;
}
