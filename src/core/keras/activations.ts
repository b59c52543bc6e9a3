/**
 * The one list of Keras activation names Sora reads (tfjs / Keras 2 / Keras 3 spellings), their aliases, and the
 * parser for an activation config value. Exporters accept every name here; the importer additionally needs the
 * design to have the activation (graph/types ACTIVATIONS, a subset).
 */
import { ACTIVATIONS } from '../blocks/activations';
import { isRecord } from './json';

export const KERAS_ACTIVATIONS = [
  'linear',
  'relu',
  'relu6',
  'elu',
  'selu',
  'sigmoid',
  'hard_sigmoid',
  'softmax',
  'log_softmax',
  'softplus',
  'softsign',
  'tanh',
  'swish',
  'mish',
  'gelu',
  'gelu_new',
] as const;
export type ActivationName = (typeof KERAS_ACTIVATIONS)[number];

/** Every activation a block may hold is one Sora reads and writes (a compile-time check: the design list is a subset). */
export const DESIGN_ACTIVATIONS_ARE_KERAS: readonly ActivationName[] = ACTIVATIONS;

/** Other spellings of the same activations (tfjs camelCase, Keras 3 names, Python's None). */
const ALIASES: Record<string, ActivationName> = {
  silu: 'swish',
  hardSigmoid: 'hard_sigmoid',
  hardsigmoid: 'hard_sigmoid',
  logSoftmax: 'log_softmax',
  None: 'linear',
};

/** Activation as written: a string (Keras 2, tfjs) or a Keras 3 serialized dict; null when unreadable. */
export function activationName(v: unknown): string | null {
  if (v === undefined || v === null) return 'linear';
  if (typeof v === 'string') return v;
  if (isRecord(v)) {
    if (typeof v.config === 'string') return v.config;
    if (isRecord(v.config) && typeof v.config.name === 'string') return v.config.name;
    if (typeof v.registered_name === 'string' && v.registered_name !== 'function') return v.registered_name;
    if (typeof v.class_name === 'string' && v.class_name !== 'function') return v.class_name;
  }
  return null;
}

/** The canonical spelling of a name (aliases resolved); the name itself when it has no alias. */
export function canonicalActivation(name: string): string {
  return Object.hasOwn(ALIASES, name) ? ALIASES[name] : name;
}

export function isKerasActivation(name: string): name is ActivationName {
  return (KERAS_ACTIVATIONS as readonly string[]).includes(name);
}
