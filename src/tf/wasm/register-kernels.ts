/**
 * Makes the tfjs 'wasm' backend able to train conv nets: registers the backprop kernels that
 * tfjs-backend-wasm 4.22 lacks (Conv2DBackpropFilter, DepthwiseConv2dNative{BackpropFilter,BackpropInput})
 * and replaces its slow Conv2DBackpropInput with an im2col/XNNPACK version; adds fused batch-norm training
 * kernels and routes BatchNormalization layers through them (batch-norm-train.ts); registers the dilated-conv
 * gradient kernels (gradients/native-dilated-kernels.ts), a ReLU gradient without a copy (relu-grad.ts), an
 * Identity that shares data. Stride-1 Conv2D and its gradients run on relaxed SIMD where the engine has it (simd/).
 */
import * as tf from '@tensorflow/tfjs';
import { NATIVE_DILATED_GRAD_KERNELS } from '../gradients/native-dilated-kernels';
import { patchBatchNormTraining } from './batch-norm-layer-patch';
import { registerBatchNormTrainKernels } from './batch-norm-train';
import { conv2dBackpropFilterWasm, conv2dBackpropInputWasm } from './conv2d-grads';
import { depthwiseBackpropFilterWasm, depthwiseBackpropInputWasm } from './depthwise-grads';
import { registerReluGrad } from './relu-grad';
import { type WasmKernelFunc, makeIdentity, makeMaxPoolGrad, makeReduce, makeTile } from './fast-basic-kernels';
import { makeFmaConv2D, makeFmaFusedConv2D } from './simd/fma-conv-kernels';

const KERNELS: ReadonlyArray<{ name: string; fn: unknown }> = [
  { name: 'Conv2DBackpropFilter', fn: conv2dBackpropFilterWasm },
  { name: 'Conv2DBackpropInput', fn: conv2dBackpropInputWasm },
  { name: 'DepthwiseConv2dNativeBackpropFilter', fn: depthwiseBackpropFilterWasm },
  { name: 'DepthwiseConv2dNativeBackpropInput', fn: depthwiseBackpropInputWasm },
  // The same kernels with a `dilations` attr, for the dilated conv gradients (gradients/native-dilated-kernels.ts).
  { name: NATIVE_DILATED_GRAD_KERNELS.convFilter, fn: conv2dBackpropFilterWasm },
  { name: NATIVE_DILATED_GRAD_KERNELS.convInput, fn: conv2dBackpropInputWasm },
  { name: NATIVE_DILATED_GRAD_KERNELS.depthwiseFilter, fn: depthwiseBackpropFilterWasm },
  { name: NATIVE_DILATED_GRAD_KERNELS.depthwiseInput, fn: depthwiseBackpropInputWasm },
];

/** Stock wasm kernels wrapped with JS fast paths (the original still handles the other cases). */
const WRAPPED: ReadonlyArray<{ name: string; wrap: (original: WasmKernelFunc) => WasmKernelFunc }> = [
  { name: 'Sum', wrap: (o) => makeReduce(o, false) },
  { name: 'Mean', wrap: (o) => makeReduce(o, true) },
  { name: 'Tile', wrap: makeTile },
  { name: 'MaxPoolGrad', wrap: makeMaxPoolGrad },
  { name: 'Identity', wrap: makeIdentity },
  // Stride-1 convs on the relaxed-SIMD kernel (simd/fma-conv.ts) where the engine and the shape allow.
  { name: 'Conv2D', wrap: makeFmaConv2D },
  { name: 'FusedConv2D', wrap: makeFmaFusedConv2D },
];
const wrappedFuncs = new Set<unknown>();

/** Names of the kernels this module provides or wraps for 'wasm'. */
export const WASM_TRAINING_KERNELS: readonly string[] = [...KERNELS.map((k) => k.name), ...WRAPPED.map((k) => k.name)];

/** Registers (once) the wasm training kernels. Safe to call before or after the backend initialises. */
export function registerWasmTrainingKernels(): void {
  registerBatchNormTrainKernels();
  patchBatchNormTraining();
  registerReluGrad();
  for (const { name, fn } of KERNELS) {
    const existing = tf.getKernel(name, 'wasm');
    if (existing != null && existing.kernelFunc === fn) continue;
    if (existing != null) tf.unregisterKernel(name, 'wasm');
    tf.registerKernel({ kernelName: name, backendName: 'wasm', kernelFunc: fn as tf.KernelFunc });
  }
  for (const { name, wrap } of WRAPPED) {
    const original = tf.getKernel(name, 'wasm');
    if (original == null || wrappedFuncs.has(original.kernelFunc)) continue;
    const fn = wrap(original.kernelFunc as unknown as WasmKernelFunc);
    wrappedFuncs.add(fn);
    tf.unregisterKernel(name, 'wasm');
    // Keep the original setupFunc so its C bindings exist when the backend initialises later.
    tf.registerKernel({ ...original, kernelFunc: fn as unknown as tf.KernelFunc });
  }
}
