import type { Pair } from '../graph/types';
import { ACTIVATIONS, type Activation } from './activations';
import type { BoolField, EnumField, FloatField, IntField, PairField } from './block-def';

/**
 * Field descriptor constructors shared by the block definitions (one place for limits and labels). Each returns
 * its field with a literal key, so a definition's params type (ParamsOf) knows the key and the value type.
 */

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

export function enumField<const K extends string, const O extends string>(
  key: K,
  label: string,
  def: NoInfer<O>,
  options: readonly O[],
  help?: string,
): EnumField<K, O> {
  return help === undefined ? { type: 'enum', key, label, default: def, options } : { type: 'enum', key, label, default: def, options, help };
}

export function filtersField(def: number): IntField<'filters'> {
  return { type: 'int', key: 'filters', label: 'Filters', default: def, min: 1, max: LIMITS.filters, help: 'Number of output channels.' };
}

export function kernelField(def: Pair = [3, 3]): PairField<'kernelSize'> {
  return { type: 'pair', key: 'kernelSize', label: 'Kernel size', default: def, min: 1, max: LIMITS.kernel, unit: 'px' };
}

export function stridesField(def: Pair = [1, 1]): PairField<'strides'> {
  return { type: 'pair', key: 'strides', label: 'Strides', default: def, min: 1, max: LIMITS.stride, unit: 'px' };
}

export function dilationField(def: Pair = [1, 1]): PairField<'dilation'> {
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

export function paddingField(def: 'same' | 'valid' = 'same'): EnumField<'padding', 'same' | 'valid'> {
  return enumField('padding', 'Padding', def, ['same', 'valid'], "TensorFlow padding: 'same' keeps ceil(in/stride), 'valid' uses no padding.");
}

/** An activation choice under any key (the Encoding block's embedding has its own). */
export function activationFieldAs<const K extends string>(key: K, label: string, def: Activation): EnumField<K, Activation> {
  return { type: 'enum', key, label, default: def, options: ACTIVATIONS };
}

export function activationField(def: Activation): EnumField<'activation', Activation> {
  return activationFieldAs('activation', 'Activation', def);
}

export function depthMultiplierField(): IntField<'depthMultiplier'> {
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

export function useBiasField(def = true): BoolField<'useBias'> {
  return { type: 'bool', key: 'useBias', label: 'Use bias', default: def };
}

export function batchNormField(): BoolField<'batchNorm'> {
  return {
    type: 'bool',
    key: 'batchNorm',
    label: 'Batch norm',
    default: false,
    help: 'Adds BatchNormalization between the convolution and its activation.',
  };
}

export function poolSizeField(def: Pair = [2, 2]): PairField<'poolSize'> {
  return { type: 'pair', key: 'poolSize', label: 'Pool size', default: def, min: 1, max: LIMITS.pool, unit: 'px' };
}

export function unitsField(def: number, label = 'Units'): IntField<'units'> {
  return { type: 'int', key: 'units', label, default: def, min: 1, max: LIMITS.units };
}

export function rateField<const K extends string>(key: K, label: string, def: number): FloatField<K> {
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
