import * as tf from '@tensorflow/tfjs';
import { type ConvPad, isDilated, pairOf } from './conv-geometry';
import { dilatedConv2dBackpropFilter, dilatedConv2dBackpropInput } from './dilated-conv2d-grad';
import { dilatedDepthwiseBackpropFilter, dilatedDepthwiseBackpropInput } from './dilated-depthwise-grad';
import { fusedActivationGrad, fusedBiasGrad } from './fused-activation-grad';
import { NATIVE_DILATED_GRAD_KERNELS, hasNativeKernel } from './native-dilated-kernels';

/**
 * Replacement gradient configs for the convolution kernels whose stock tfjs 4.22 gradients throw
 * "dilation rates greater than 1 are not yet supported". `tf.registerGradient` overrides an
 * existing entry for the same kernel name (kernel_registry.ts: gradRegistry.set), and the engine
 * looks the config up when it records a tape node, so registering once before training is enough.
 * With dilation 1 the stock gradient (captured before overriding) runs unchanged.
 */

type Rounding = 'floor' | 'round' | 'ceil' | undefined;
type Attrs = tf.NamedAttrMap;
type GradMap = ReturnType<tf.GradFunc>;

function convAttrs(attrs: Attrs) {
  return {
    strides: attrs.strides as number | number[],
    pad: attrs.pad as ConvPad,
    dilations: (attrs.dilations ?? [1, 1]) as number | number[],
    dataFormat: (attrs.dataFormat ?? 'NHWC') as string,
    dimRoundingMode: attrs.dimRoundingMode as Rounding,
    activation: attrs.activation as string | undefined,
  };
}

function requireNhwc(kernel: string, dataFormat: string): void {
  if (dataFormat !== 'NHWC') {
    throw new Error(`${kernel} gradient with dilation > 1 supports only NHWC data (got ${dataFormat})`);
  }
}

function single(dy: tf.Tensor | tf.Tensor[]): tf.Tensor4D {
  return (Array.isArray(dy) ? dy[0] : dy) as tf.Tensor4D;
}

/**
 * Our configs carry the config they replaced under a global symbol, so re-registration (another
 * copy of this module, hot reload) unwraps to the true stock config instead of stacking wrappers.
 */
const REPLACED = Symbol.for('sora.replacedGradConfig');
type Marked = tf.GradConfig & { [REPLACED]?: tf.GradConfig | null };

function stockConfig(kernelName: string): tf.GradConfig | undefined {
  const current = tf.getGradient(kernelName) as Marked | undefined;
  if (current == null) return undefined;
  if (REPLACED in current) return current[REPLACED] ?? undefined;
  return current;
}

function mark(config: tf.GradConfig, replaced: tf.GradConfig | undefined): tf.GradConfig {
  (config as Marked)[REPLACED] = replaced ?? null;
  return config;
}

/**
 * Conv2D / DepthwiseConv2dNative: with dilation 1 the stock gradient (when there is one), else ours. Only
 * Conv2D's dilated path insists on NHWC, as it always has (the depthwise kernel's gradient never checked).
 */
function plainConfig(kernelName: 'Conv2D' | 'DepthwiseConv2dNative'): tf.GradConfig {
  const depthwise = kernelName === 'DepthwiseConv2dNative';
  const original = stockConfig(kernelName);
  return mark(
    {
      kernelName,
      inputsToSave: ['x', 'filter'],
      gradFunc: (dy, saved, attrs): GradMap => {
        const a = convAttrs(attrs);
        if (!isDilated(a.dilations) && original) return original.gradFunc(dy, saved, attrs);
        if (isDilated(a.dilations) && !depthwise) requireNhwc(kernelName, a.dataFormat);
        const [x, filter] = saved as [tf.Tensor4D, tf.Tensor4D];
        const { dx, dw } = convGrads(depthwise, x, filter, single(dy), a);
        return { x: dx, filter: dw };
      },
    },
    original,
  );
}

type ConvGrads = { dx: () => tf.Tensor; dw: () => tf.Tensor };

/** Input and filter gradients of a (depthwise) conv given the gradient at its output, dilated or not. */
function convGrads(depthwise: boolean, x: tf.Tensor4D, filter: tf.Tensor4D, dyAct: tf.Tensor4D, a: ReturnType<typeof convAttrs>): ConvGrads {
  if (!isDilated(a.dilations)) return undilatedConvGrads(depthwise, x, filter, dyAct, a);
  const native = nativeDilatedConvGrads(depthwise, x, filter, dyAct, a);
  if (native) return native;
  const [backpropInput, backpropFilter] = depthwise
    ? [dilatedDepthwiseBackpropInput, dilatedDepthwiseBackpropFilter]
    : [dilatedConv2dBackpropInput, dilatedConv2dBackpropFilter];
  return {
    dx: () => backpropInput(x.shape, dyAct, filter, a.dilations, a.pad, a.dimRoundingMode),
    dw: () => backpropFilter(x, dyAct, filter.shape, a.dilations, a.pad, a.dimRoundingMode),
  };
}

/** Dilated gradients as single kernels, where the active backend offers them (native-dilated-kernels.ts); else null. */
function nativeDilatedConvGrads(
  depthwise: boolean,
  x: tf.Tensor4D,
  filter: tf.Tensor4D,
  dyAct: tf.Tensor4D,
  a: ReturnType<typeof convAttrs>,
): ConvGrads | null {
  const K = NATIVE_DILATED_GRAD_KERNELS;
  const [inputKernel, filterKernel] = depthwise ? [K.depthwiseInput, K.depthwiseFilter] : [K.convInput, K.convFilter];
  if (!hasNativeKernel(inputKernel) || !hasNativeKernel(filterKernel)) return null;
  const run = (kernel: string, inputs: tf.NamedTensorMap, attrs: object): tf.Tensor =>
    tf.engine().runKernel(kernel, inputs, attrs as unknown as Attrs) as tf.Tensor;
  const common = { strides: a.strides, pad: a.pad, dimRoundingMode: a.dimRoundingMode, dilations: pairOf(a.dilations), dataFormat: a.dataFormat };
  return {
    dx: () => run(inputKernel, { dy: dyAct, filter }, { ...common, inputShape: x.shape }),
    dw: () => run(filterKernel, { x, dy: dyAct }, { ...common, filterShape: filter.shape }),
  };
}

/** Undilated gradients through the stock backprop kernels (same calls the stock fused grads make). */
function undilatedConvGrads(depthwise: boolean, x: tf.Tensor4D, filter: tf.Tensor4D, dyAct: tf.Tensor4D, a: ReturnType<typeof convAttrs>): ConvGrads {
  const run = (kernel: string, inputs: tf.NamedTensorMap, attrs: object): tf.Tensor =>
    tf.engine().runKernel(kernel, inputs, attrs as unknown as Attrs) as tf.Tensor;
  const common = { strides: a.strides, pad: a.pad, dimRoundingMode: a.dimRoundingMode };
  if (depthwise) {
    const d = { ...common, dilations: pairOf(a.dilations) };
    return {
      dx: () => run('DepthwiseConv2dNativeBackpropInput', { dy: dyAct, filter }, { ...d, inputShape: x.shape }),
      dw: () => run('DepthwiseConv2dNativeBackpropFilter', { x, dy: dyAct }, { ...d, filterShape: filter.shape }),
    };
  }
  const c = { ...common, dataFormat: a.dataFormat };
  return {
    dx: () => run('Conv2DBackpropInput', { dy: dyAct, filter }, { ...c, inputShape: x.shape }),
    dw: () => run('Conv2DBackpropFilter', { x, dy: dyAct }, { ...c, filterShape: filter.shape }),
  };
}

/**
 * FusedConv2D / FusedDepthwiseConv2D called as kernels (`engine.runKernel`) while recording.
 * Saves x, filter and the output y (the activation derivative is taken from y). The bias
 * gradient assumes the usual 1-D bias of length outChannels. Note: `tf.fused.conv2d` itself
 * records through `customGrad`: its tape node is named after the op scope and carries no attrs
 * (strides, pad, dilations), so no registry config can compute it; tfjs-layers is patched
 * instead (layers-patches.ts) so dilated Conv2D layers never take that path.
 */
function fusedConfig(kernelName: 'FusedConv2D' | 'FusedDepthwiseConv2D'): tf.GradConfig {
  const depthwise = kernelName === 'FusedDepthwiseConv2D';
  return mark(
    {
      kernelName,
      inputsToSave: ['x', 'filter'],
      outputsToSave: [true],
      gradFunc: (dy, saved, attrs): GradMap => {
        const a = convAttrs(attrs);
        requireNhwc(kernelName, a.dataFormat);
        const [x, filter, y] = saved as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
        const dyAct = fusedActivationGrad(single(dy), y, a.activation) as tf.Tensor4D;
        const { dx, dw } = convGrads(depthwise, x, filter, dyAct, a);
        const outChannels = dyAct.shape[3];
        return {
          x: dx,
          filter: dw,
          bias: () => fusedBiasGrad(tf.zeros([outChannels]), dyAct),
        };
      },
    },
    stockConfig(kernelName),
  );
}

let registered = false;

/** Registers the four replacement gradients. Idempotent. */
export function registerDilatedConvGradients(): void {
  if (registered) return;
  const configs = [plainConfig('Conv2D'), plainConfig('DepthwiseConv2dNative'), fusedConfig('FusedConv2D'), fusedConfig('FusedDepthwiseConv2D')];
  for (const c of configs) tf.registerGradient(c);
  registered = true;
}

/** Kernel names whose gradients this module replaces. */
export const DILATED_GRAD_KERNELS = ['Conv2D', 'DepthwiseConv2dNative', 'FusedConv2D', 'FusedDepthwiseConv2D'] as const;
