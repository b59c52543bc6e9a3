import { ACTIVATIONS } from '../graph/types';
import type { Activation, Pair } from '../graph/types';
import type { FieldSpec } from './block-def';

/** Field descriptor constructors shared by the block definitions (one place for limits and labels). */

export const LIMITS = {
  filters: 4096,
  kernel: 64,
  stride: 16,
  dilation: 32,
  depthMultiplier: 64,
  units: 65536,
  embeddingUnits: 8192,
  spatial: 4096,
  channels: 4096,
  pool: 64,
} as const;

export function filtersField(def: number): FieldSpec {
  return { type: 'int', key: 'filters', label: 'Filters', default: def, min: 1, max: LIMITS.filters, help: 'Number of output channels.' };
}

export function kernelField(def: Pair = [3, 3]): FieldSpec {
  return { type: 'pair', key: 'kernelSize', label: 'Kernel size', default: def, min: 1, max: LIMITS.kernel, unit: 'px' };
}

export function stridesField(def: Pair = [1, 1], key = 'strides'): FieldSpec {
  return { type: 'pair', key, label: 'Strides', default: def, min: 1, max: LIMITS.stride, unit: 'px' };
}

export function dilationField(def: Pair = [1, 1]): FieldSpec {
  return {
    type: 'pair',
    key: 'dilation',
    label: 'Dilation',
    default: def,
    min: 1,
    max: LIMITS.dilation,
    help: 'Dilation rate (gaps between kernel taps). Cannot exceed 1 when a stride exceeds 1.',
  };
}

export function paddingField(def: 'same' | 'valid' = 'same'): FieldSpec {
  return {
    type: 'enum',
    key: 'padding',
    label: 'Padding',
    default: def,
    options: ['same', 'valid'],
    help: "TensorFlow padding: 'same' keeps ceil(in/stride), 'valid' uses no padding.",
  };
}

export function activationField(def: Activation, key = 'activation', label = 'Activation'): FieldSpec {
  return { type: 'enum', key, label, default: def, options: ACTIVATIONS };
}

export function depthMultiplierField(): FieldSpec {
  return {
    type: 'int',
    key: 'depthMultiplier',
    label: 'Depth multiplier',
    default: 1,
    min: 1,
    max: LIMITS.depthMultiplier,
    help: 'Depthwise output channels per input channel.',
  };
}

export function useBiasField(def = true): FieldSpec {
  return { type: 'bool', key: 'useBias', label: 'Use bias', default: def };
}

export function batchNormField(): FieldSpec {
  return {
    type: 'bool',
    key: 'batchNorm',
    label: 'Batch norm',
    default: false,
    help: 'Adds BatchNormalization between the convolution and its activation.',
  };
}

export function poolSizeField(def: Pair = [2, 2]): FieldSpec {
  return { type: 'pair', key: 'poolSize', label: 'Pool size', default: def, min: 1, max: LIMITS.pool, unit: 'px' };
}

export function unitsField(def: number, min = 1, max: number = LIMITS.units, key = 'units', label = 'Units'): FieldSpec {
  return { type: 'int', key, label, default: def, min, max };
}

export function rateField(def: number, key = 'rate', label = 'Rate'): FieldSpec {
  return {
    type: 'float',
    key,
    label,
    default: def,
    min: 0,
    max: 1,
    maxExclusive: true,
    step: 0.05,
    help: 'Fraction of units dropped during training (0 ≤ rate < 1).',
  };
}
