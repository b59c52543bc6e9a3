import * as tf from '@tensorflow/tfjs';
import type { Design } from '../core/graph/types';
import { type KerasModelJson, designToKerasModelConfig } from '../core/keras/topology-writer';
import { seedDropout } from './seeded-dropout';
import { registerSoraGradients } from './tf-setup';

/**
 * Design → tfjs LayersModel with freshly initialised weights, built from the standard Keras
 * topology of designToKerasModelConfig — the same deserialisation `tf.models.modelFromJSON` runs
 * (snake_case → camelCase conversion, then the registered 'Model' class's fromConfig), done
 * synchronously. The result serialises back to standard layers. Throws with the first analysis
 * error for an invalid design. With `seed`, the initial weights and every training step's dropout masks are
 * seeded from it (seedInitializers, seedDropout).
 */
export function compileDesign(design: Design, options: CompileOptions = {}): tf.LayersModel {
  registerSoraGradients();
  const json = designToKerasModelConfig(design);
  return kerasJsonToModel(options.seed === undefined ? json : seedInitializers(json, options.seed), options);
}

/**
 * A copy of `json` whose random initializers (those with a `seed` field, e.g. Glorot uniform) get fixed seeds
 * derived from `seed` — distinct for each initializer, in layer order. tfjs draws seeded initial values in
 * JavaScript, so the same seed gives bit-identical initial weights on every backend (wasm, WebGL, WebGPU, cpu).
 */
export function seedInitializers(json: KerasModelJson, seed: number): KerasModelJson {
  let next = 0;
  const visit = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(visit);
    if (value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const cfg = k.endsWith('_initializer') && v && typeof v === 'object' ? (v as { config?: Record<string, unknown> }).config : undefined;
      if (cfg && 'seed' in cfg) out[k] = { ...(v as object), config: { ...cfg, seed: (Math.imul(seed, 7919) + 104729 * ++next) | 0 } };
      else out[k] = visit(v);
    }
    return out;
  };
  return visit(json) as KerasModelJson;
}

export interface CompileOptions {
  /**
   * Fill weights with zeros instead of running the initializers (tfjs "fast weight init"): for
   * models whose weights are loaded right after, or that are only inspected (shapes, counts).
   */
  zeroInit?: boolean;
  /**
   * Seed every random initializer (seedInitializers; compileDesign only): the same seed gives the same initial
   * weights on any backend. Also seeds the dropout masks (seedDropout): a new mask every training call, the same
   * sequence for the same seed.
   */
  seed?: number;
  /** Data-parallel replica index mixed into the dropout seeds (0, the default: the coordinator's own model). */
  replica?: number;
}

/** Synchronous `tf.models.modelFromJSON(json)` for a topology without weights; with `options.seed`, seeded dropout. */
export function kerasJsonToModel(json: KerasModelJson, options: CompileOptions = {}): tf.LayersModel {
  const ts = pythonicToTs(json) as { className: string; config: tf.serialization.ConfigDict };
  const entry = tf.serialization.SerializationMap.getMap().classNameMap[ts.className];
  if (!entry) throw new Error(`Unknown model class '${ts.className}' in the Keras topology`);
  const [cls, fromConfig] = entry;
  // Container.fromConfig(cls, config, customObjects, fastWeightInit): the typings list only two.
  const build = fromConfig as unknown as (
    c: typeof cls,
    config: tf.serialization.ConfigDict,
    customObjects: tf.serialization.ConfigDict,
    fastWeightInit: boolean,
  ) => tf.serialization.Serializable;
  const model = build(cls, ts.config, {}, options.zeroInit === true);
  if (!(model instanceof tf.LayersModel)) throw new Error(`Keras topology class '${ts.className}' did not build a LayersModel`);
  if (options.seed !== undefined) seedDropout(model, options.seed, options.replica ?? 0);
  return model;
}

/** snake_case → camelCase as tfjs-layers does it (generic_utils.toCamelCase). */
function toCamelCase(s: string): string {
  if (s.length <= 1 || !s.includes('_')) return s;
  return s.replace(/[_]+(\w|$)/g, (_m, c: string) => c.toUpperCase());
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/**
 * Mirror of tfjs-layers' convertPythonicToTs: keys and string values become camelCase, except
 * `name` values and the layer names that open inbound_nodes / input_layers / output_layers entries.
 */
function pythonicToTs(value: unknown, key?: string): Json {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return toCamelCase(value);
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) {
    const keepFirst = key === 'inboundNodes' || key === 'outputLayers' || key === 'inputLayers';
    return value.map((item, i) => (keepFirst && i === 0 && typeof item === 'string' ? item : pythonicToTs(item, key)));
  }
  const out: { [k: string]: Json } = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (k === 'name' && typeof v === 'string') out[k] = v;
    else {
      const tk = toCamelCase(k);
      out[tk] = pythonicToTs(v, tk);
    }
  }
  return out;
}
