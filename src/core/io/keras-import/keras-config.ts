import { ACTIVATIONS, type Activation, type Padding, type Pair } from '../../graph/types';
import { isRecord } from '../json-text';

/** Thrown inside the importer for a problem in one layer; caught and turned into `{ok:false}`. */
export class ImportError extends Error {}

/** Reads Keras layer config values in any of their old/new spellings. */
export class ConfigReader {
  constructor(
    readonly layer: string,
    readonly className: string,
    readonly cfg: Record<string, unknown>,
  ) {}

  fail(msg: string): never {
    throw new ImportError(`layer '${this.layer}' (${this.className}): ${msg}`);
  }

  has(key: string): boolean {
    return this.cfg[key] !== undefined && this.cfg[key] !== null;
  }

  int(key: string, def?: number): number {
    const v = this.cfg[key];
    if (v === undefined || v === null) {
      if (def === undefined) this.fail(`missing "${key}"`);
      return def;
    }
    const n = Array.isArray(v) && v.length === 1 ? v[0] : v;
    if (typeof n !== 'number' || !Number.isInteger(n)) this.fail(`"${key}" must be an integer, got ${JSON.stringify(v)}`);
    return n;
  }

  num(key: string, def: number): number {
    const v = this.cfg[key];
    if (v === undefined || v === null) return def;
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(`"${key}" must be a number, got ${JSON.stringify(v)}`);
    return v;
  }

  bool(key: string, def: boolean): boolean {
    const v = this.cfg[key];
    if (v === undefined || v === null) return def;
    if (typeof v !== 'boolean') this.fail(`"${key}" must be true or false, got ${JSON.stringify(v)}`);
    return v;
  }

  /** kernel_size / strides / dilation_rate / pool_size: an int or a list of 1 or 2 ints. */
  pair(key: string, def?: Pair): Pair {
    const v = this.cfg[key];
    if (v === undefined || v === null) {
      if (!def) this.fail(`missing "${key}"`);
      return def;
    }
    const list = Array.isArray(v) ? v : [v, v];
    const [a, b] = list.length === 1 ? [list[0], list[0]] : list;
    if (list.length > 2 || !Number.isInteger(a) || !Number.isInteger(b) || (a as number) < 1 || (b as number) < 1) {
      this.fail(`"${key}" must be a positive integer or a pair of them, got ${JSON.stringify(v)}`);
    }
    return [a as number, b as number];
  }

  padding(): Padding {
    const v = this.cfg.padding ?? 'valid';
    const p = typeof v === 'string' ? v.toLowerCase() : v;
    if (p !== 'same' && p !== 'valid') this.fail(`padding ${JSON.stringify(v)} is not supported (only 'same' and 'valid')`);
    return p;
  }

  activation(key = 'activation'): Activation {
    const name = activationName(this.cfg[key]);
    if (name === null) this.fail(`cannot read activation ${JSON.stringify(this.cfg[key])}`);
    const act = ACTIVATION_ALIASES[name] ?? name;
    if (!(ACTIVATIONS as readonly string[]).includes(act)) {
      this.fail(`activation '${name}' is not supported (supported: ${ACTIVATIONS.join(', ')})`);
    }
    return act as Activation;
  }

  /** Only channels-last is supported (Keras default). */
  channelsLast(): void {
    const df = this.cfg.data_format;
    if (df !== undefined && df !== null && df !== 'channels_last') {
      this.fail(`data_format '${String(df)}' is not supported; Sora designs are channels_last (NHWC)`);
    }
  }
}

const ACTIVATION_ALIASES: Record<string, string> = {
  silu: 'swish',
  hardSigmoid: 'hard_sigmoid',
  hardsigmoid: 'hard_sigmoid',
  None: 'linear',
};

/** Activation as a string (Keras 2, tfjs) or a Keras 3 serialized dict. */
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
