/**
 * The importer's reads of a Keras layer config: every old/new spelling Keras 2, Keras 3 and tfjs write, and values
 * the design can hold; a problem throws ImportError naming the layer. (The exporters' reads are layer-config.ts.)
 */
import { ACTIVATIONS, type Activation, type Padding } from '../graph/types';
import { activationName, canonicalActivation } from './activations';
import type { Pair } from './json';

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

  /** The activation as a design activation (a Keras activation the blocks have). */
  activation(key = 'activation'): Activation {
    const name = activationName(this.cfg[key]);
    if (name === null) this.fail(`cannot read activation ${JSON.stringify(this.cfg[key])}`);
    const act = canonicalActivation(name);
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

  /** Only the channel axis (-1, or 3 for NHWC) is supported; `def` when the config has none. */
  channelAxis(def: number): void {
    const raw = this.cfg.axis ?? def;
    const axis = Array.isArray(raw) && raw.length === 1 ? raw[0] : raw;
    if (axis !== -1 && axis !== 3) this.fail(`axis ${JSON.stringify(raw)} is not supported (only the channel axis, -1)`);
  }
}
