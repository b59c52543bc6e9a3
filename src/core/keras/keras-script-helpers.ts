/** Helpers for the per-class `layers.<Class>(…)` calls of the generated Keras script (keras_model.py). */
import { pyStr } from '../export/python-names';
import type { ActivationName } from './activations';
import { activationOf, boolOf, paddingOf } from './layer-config';
import type { ExportLayer } from './types';

/** Activations whose tf.keras string differs across Keras 2/3 (or is missing) get explicit functions. */
const ACT_FN: Partial<Record<ActivationName, string>> = {
  relu6: 'tf.nn.relu6',
  hard_sigmoid: 'tfjs_hard_sigmoid',
  mish: 'mish',
  gelu: 'gelu_exact',
  gelu_new: 'gelu_tanh',
  log_softmax: 'tf.nn.log_softmax',
  swish: 'tf.nn.silu',
};

/** The `activation=` value: a tf.keras name or one of the script's helper functions. */
export function kerasActivation(layer: ExportLayer): string {
  const a = activationOf(layer);
  return ACT_FN[a] ?? pyStr(a);
}

export const paddingArg = (l: ExportLayer): string => `padding=${pyStr(paddingOf(l))}`;
export const useBiasArg = (l: ExportLayer): string => `use_bias=${boolOf(l, 'use_bias', true) ? 'True' : 'False'}`;

/** Rank (counting the batch) of the layer's first input. */
export const inputRank = (l: ExportLayer): number => (l.inDims[0]?.length ?? 0) + 1;
