import type { BlockKind, BlockParams, Pair } from '../../graph/types';
import { ConfigReader, ImportError } from './keras-config';
import type { LayerSpec } from './layer-list';
import { inputBlockParams } from './input-shape';

/** What one Keras layer becomes. */
export interface MappedLayer {
  kind: BlockKind;
  params: BlockParams;
  warnings: string[];
}

export interface MapContext {
  /** True when the layer is a model output (nothing consumes it). */
  isOutput: boolean;
  /** Weight shape by name suffix ("<layer>/depthwise_kernel"), from a weightsManifest. */
  weightShape(suffix: string): number[] | undefined;
}

export const SUPPORTED_LAYERS = [
  'InputLayer',
  'Conv2D',
  'SeparableConv2D',
  'DepthwiseConv2D',
  'Dense',
  'BatchNormalization',
  'Activation',
  'ReLU',
  'Softmax',
  'MaxPooling2D',
  'AveragePooling2D',
  'GlobalAveragePooling2D',
  'GlobalMaxPooling2D',
  'Flatten',
  'Dropout',
  'Add',
  'Concatenate',
  'ZeroPadding2D',
] as const;

const ALIASES: Record<string, string> = {
  Convolution2D: 'Conv2D',
  SeparableConvolution2D: 'SeparableConv2D',
  MaxPool2D: 'MaxPooling2D',
  AvgPool2D: 'AveragePooling2D',
  GlobalAvgPool2D: 'GlobalAveragePooling2D',
  GlobalMaxPool2D: 'GlobalMaxPooling2D',
};

function convCommon(r: ConfigReader): { kernelSize: Pair; strides: Pair; padding: string; dilation: Pair } {
  r.channelsLast();
  return {
    kernelSize: r.pair('kernel_size'),
    strides: r.pair('strides', [1, 1]),
    padding: r.padding(),
    dilation: r.pair('dilation_rate', [1, 1]),
  };
}

function checkAxis(r: ConfigReader, def: number): void {
  const raw = r.cfg.axis ?? def;
  const axis = Array.isArray(raw) && raw.length === 1 ? raw[0] : raw;
  if (axis !== -1 && axis !== 3) r.fail(`axis ${JSON.stringify(raw)} is not supported (only the channel axis, -1)`);
}

/** Keras ZeroPadding2D `padding`: n, (h, w) or ((top, bottom), (left, right)), all non-negative integers. */
function zeroPaddingPairs2d(v: unknown): [[number, number], [number, number]] | null {
  const nat = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0;
  if (nat(v))
    return [
      [v, v],
      [v, v],
    ];
  if (!Array.isArray(v) || v.length !== 2) return null;
  const [a, b] = v as unknown[];
  if (nat(a) && nat(b))
    return [
      [a, a],
      [b, b],
    ];
  if (Array.isArray(a) && Array.isArray(b) && a.length === 2 && b.length === 2 && [...a, ...b].every(nat)) {
    return [
      [a[0] as number, a[1] as number],
      [b[0] as number, b[1] as number],
    ];
  }
  return null;
}

function zeroPadding2dPadding(r: ConfigReader): [[number, number], [number, number]] {
  const v = r.cfg.padding ?? 1;
  const pads = zeroPaddingPairs2d(v);
  if (!pads) r.fail(`"padding" must be n, [h, w] or [[top, bottom], [left, right]] of non-negative integers, got ${JSON.stringify(v)}`);
  return pads;
}

/** Maps one Keras layer to a block kind and params (or throws ImportError naming the layer). */
export function mapLayer(layer: LayerSpec, ctx: MapContext): MappedLayer {
  const cls = ALIASES[layer.className] ?? layer.className;
  const r = new ConfigReader(layer.name, cls, layer.config);
  const warnings: string[] = [];
  const done = (kind: BlockKind, params: BlockParams): MappedLayer => ({ kind, params, warnings });
  switch (cls) {
    case 'InputLayer':
      return done('input', inputBlockParams(r));
    case 'Conv2D': {
      if (r.int('groups', 1) !== 1) r.fail(`groups=${r.int('groups', 1)} (grouped convolution) is not supported`);
      const c = convCommon(r);
      const dilated = c.dilation[0] > 1 || c.dilation[1] > 1;
      return done(dilated ? 'receptive-field-conv' : 'conv', {
        ...c,
        filters: r.int('filters'),
        activation: r.activation(),
        useBias: r.bool('use_bias', true),
        batchNorm: false,
      });
    }
    case 'SeparableConv2D': {
      const c = convCommon(r);
      let depthMultiplier = r.int('depth_multiplier', 0);
      if (depthMultiplier === 0) {
        // tfjs (≤ 4.22) omits depth_multiplier when serializing SeparableConv2D: read it from the weights.
        const dw = ctx.weightShape(`${layer.name}/depthwise_kernel`);
        depthMultiplier = dw && dw.length === 4 ? dw[3] : 1;
        if (!dw) warnings.push(`layer '${layer.name}' (SeparableConv2D) has no depth_multiplier; assumed 1`);
      }
      return done('separable-conv', {
        ...c,
        filters: r.int('filters'),
        depthMultiplier,
        activation: r.activation(),
        useBias: r.bool('use_bias', true),
        batchNorm: false,
      });
    }
    case 'DepthwiseConv2D':
      return done('depthwise-conv', {
        ...convCommon(r),
        depthMultiplier: r.int('depth_multiplier', 1),
        activation: r.activation(),
        useBias: r.bool('use_bias', true),
        batchNorm: false,
      });
    case 'Dense': {
      const activation = r.activation();
      const params = { units: r.int('units'), activation, useBias: r.bool('use_bias', true) };
      // The model's final Dense is its classifier: the design's single Output block.
      return done(ctx.isOutput ? 'output' : 'dense', params);
    }
    case 'BatchNormalization': {
      checkAxis(r, -1);
      if (!r.bool('center', true) || !r.bool('scale', true)) {
        warnings.push(`layer '${layer.name}' (BatchNormalization) has center/scale off; imported with both on (more params than the original)`);
      }
      return done('batch-norm', { epsilon: r.num('epsilon', 0.001), momentum: r.num('momentum', 0.99) });
    }
    case 'Activation':
      return done('activation', { activation: r.activation() });
    case 'ReLU': {
      if (r.num('negative_slope', 0) !== 0 || r.num('threshold', 0) !== 0) {
        r.fail('negative_slope/threshold other than 0 is not supported');
      }
      const max = r.has('max_value') ? r.num('max_value', 0) : null;
      if (max !== null && max !== 6) r.fail(`max_value ${max} is not supported (only none → relu, or 6 → relu6)`);
      return done('activation', { activation: max === 6 ? 'relu6' : 'relu' });
    }
    case 'Softmax':
      checkAxis(r, -1);
      return done('activation', { activation: 'softmax' });
    case 'MaxPooling2D':
    case 'AveragePooling2D': {
      r.channelsLast();
      const poolSize = r.pair('pool_size', [2, 2]);
      return done(cls === 'MaxPooling2D' ? 'max-pool' : 'avg-pool', {
        poolSize,
        strides: r.pair('strides', poolSize),
        padding: r.padding(),
      });
    }
    case 'GlobalAveragePooling2D':
    case 'GlobalMaxPooling2D':
      r.channelsLast();
      if (r.bool('keepdims', false)) r.fail('keepdims=true is not supported');
      return done('global-pool', { mode: cls === 'GlobalAveragePooling2D' ? 'avg' : 'max' });
    case 'Flatten':
      r.channelsLast();
      return done('flatten', {});
    case 'Dropout':
      return done('dropout', { rate: r.num('rate', 0.5) });
    case 'Add':
      return done('add', {});
    case 'Concatenate':
      checkAxis(r, -1);
      return done('concatenate', {});
    case 'ZeroPadding2D': {
      r.channelsLast();
      const [[top, bottom], [left, right]] = zeroPadding2dPadding(r);
      return done('zero-padding', { top, bottom, left, right });
    }
    case 'Sequential':
    case 'Functional':
    case 'Model':
      return r.fail('nested models are not supported; flatten the sub-model into the main model first');
    default:
      throw new ImportError(`unsupported layer class '${layer.className}' (layer '${layer.name}')`);
  }
}
