import type { Pair } from '../graph/types';
import type { KerasLayerPart } from './block-def';

/**
 * Keras layer configs shared by the block definitions' `keras` lowering, exactly as tfjs-layers writes them
 * (`model.toJSON()`: snake_case keys, stock initializers, null regularizers and constraints).
 */

export const GLOROT_UNIFORM = { class_name: 'VarianceScaling', config: { scale: 1, mode: 'fan_avg', distribution: 'uniform', seed: null } };
const ZEROS = { class_name: 'Zeros', config: {} };
const ONES = { class_name: 'Ones', config: {} };

/** A fresh [h, w] array (the JSON form of a pair). */
export function pairList(p: Pair): [number, number] {
  return [p[0], p[1]];
}

export function biasConfig(useBias: boolean): Record<string, unknown> {
  return { use_bias: useBias, bias_initializer: ZEROS, bias_regularizer: null, bias_constraint: null, activity_regularizer: null };
}

/** The keys every Keras 2-D conv layer shares (Conv2D, DepthwiseConv2D, SeparableConv2D). */
export function convCommonConfig(
  p: { kernelSize: Pair; strides: Pair; padding: string; dilation: Pair; useBias: boolean },
  activation: string,
): Record<string, unknown> {
  return {
    kernel_size: pairList(p.kernelSize),
    strides: pairList(p.strides),
    padding: p.padding,
    data_format: 'channels_last',
    dilation_rate: pairList(p.dilation),
    activation,
    ...biasConfig(p.useBias),
  };
}

export function denseConfig(units: number, activation: string, useBias: boolean): Record<string, unknown> {
  return { units, activation, ...biasConfig(useBias), kernel_initializer: GLOROT_UNIFORM, kernel_regularizer: null, kernel_constraint: null };
}

export function batchNormConfig(momentum: number, epsilon: number): Record<string, unknown> {
  return {
    axis: -1,
    momentum,
    epsilon,
    center: true,
    scale: true,
    beta_initializer: ZEROS,
    gamma_initializer: ONES,
    moving_mean_initializer: ZEROS,
    moving_variance_initializer: ONES,
    beta_regularizer: null,
    gamma_regularizer: null,
    beta_constraint: null,
    gamma_constraint: null,
  };
}

export function poolConfig(size: Pair, strides: Pair, padding: string): Record<string, unknown> {
  return { pool_size: pairList(size), strides: pairList(strides), padding, data_format: 'channels_last' };
}

export function dropoutConfig(rate: number): Record<string, unknown> {
  return { rate, noise_shape: null, seed: null };
}

/**
 * A conv block's layers: the conv with its activation; with batch norm, the conv linear → `_bn`
 * BatchNormalization → `_act` Activation (omitted for a linear activation).
 */
export function convBlockLayers(
  cls: string,
  p: { activation: string; batchNorm: boolean },
  config: (activation: string) => Record<string, unknown>,
): KerasLayerPart[] {
  if (!p.batchNorm) return [{ suffix: '', cls, config: config(p.activation) }];
  const parts: KerasLayerPart[] = [
    { suffix: '', cls, config: config('linear') },
    { suffix: '_bn', cls: 'BatchNormalization', config: batchNormConfig(0.99, 0.001) },
  ];
  if (p.activation !== 'linear') parts.push({ suffix: '_act', cls: 'Activation', config: { activation: p.activation } });
  return parts;
}
