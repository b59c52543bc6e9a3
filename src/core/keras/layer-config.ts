/**
 * Typed reads of a layer's Keras config for the exporters (shape inference, PyTorch, Keras script, ONNX), with
 * Keras defaults; a bad value throws ExportInputError naming the layer. (The importer's reads, which accept more
 * spellings and fail with ImportError, are import-config.ts.)
 */
import { ExportInputError } from '../export/errors';
import { activationName, canonicalActivation, isKerasActivation, type ActivationName } from './activations';
import type { Pair } from './json';
import type { LayerNode } from './types';

export type Padding = 'same' | 'valid';

/** Throws the exporters' error for one layer: "layer 'name' (Class): msg". */
export function failLayer(layer: LayerNode, msg: string): never {
  throw new ExportInputError(`layer '${layer.name}' (${layer.className}): ${msg}`);
}

export function pairOf(layer: LayerNode, key: string, fallback: Pair | null): Pair {
  const v = layer.config[key];
  if (v === undefined || v === null) {
    if (fallback) return fallback;
    failLayer(layer, `config has no '${key}'`);
  }
  if (typeof v === 'number' && Number.isInteger(v) && v > 0) return [v, v];
  if (Array.isArray(v) && v.length === 1 && typeof v[0] === 'number') return [v[0], v[0]];
  if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number' && Number.isInteger(x) && x > 0)) {
    return [v[0] as number, v[1] as number];
  }
  return failLayer(layer, `'${key}' must be a positive integer or a pair, got ${JSON.stringify(v)}`);
}

export function intOf(layer: LayerNode, key: string, fallback?: number): number {
  const v = layer.config[key];
  if ((v === undefined || v === null) && fallback !== undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v)) failLayer(layer, `'${key}' must be an integer, got ${JSON.stringify(v)}`);
  return v;
}

export function numberOf(layer: LayerNode, key: string, fallback: number): number {
  const v = layer.config[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v)) failLayer(layer, `'${key}' must be a number, got ${JSON.stringify(v)}`);
  return v;
}

export function boolOf(layer: LayerNode, key: string, fallback: boolean): boolean {
  const v = layer.config[key];
  return typeof v === 'boolean' ? v : fallback;
}

export function paddingOf(layer: LayerNode): Padding {
  const v = layer.config.padding ?? 'valid';
  if (v !== 'same' && v !== 'valid') failLayer(layer, `padding '${String(v)}' is not supported (only 'same' and 'valid')`);
  return v;
}

export function checkChannelsLast(layer: LayerNode): void {
  const v = layer.config.data_format;
  if (v !== undefined && v !== null && v !== 'channels_last') failLayer(layer, `data_format '${String(v)}' is not supported (channels_last only)`);
}

/** Canonical activation name of the layer (see activations.ts for the accepted spellings). */
export function activationOf(layer: LayerNode, key = 'activation'): ActivationName {
  const v = layer.config[key];
  const canon = canonicalActivation(activationName(v) ?? '');
  if (!isKerasActivation(canon)) failLayer(layer, `activation ${JSON.stringify(v)} is not supported`);
  return canon;
}

/** Resolves a Keras axis (possibly negative) for a tensor of the given rank. */
export function axisOf(layer: LayerNode, key: string, rank: number, fallback: number): number {
  const raw = layer.config[key];
  const v = Array.isArray(raw) && raw.length === 1 ? raw[0] : (raw ?? fallback);
  if (typeof v !== 'number' || !Number.isInteger(v)) failLayer(layer, `'${key}' must be one integer axis, got ${JSON.stringify(raw)}`);
  const a = v < 0 ? rank + v : v;
  if (a < 1 || a >= rank) failLayer(layer, `axis ${v} is out of range for a rank-${rank} tensor (the batch axis cannot be used)`);
  return a;
}

/** ZeroPadding2D `padding`: int, [h, w] or [[top, bottom], [left, right]] → [top, bottom, left, right]. */
export function zeroPaddingOf(layer: LayerNode): [number, number, number, number] {
  const v = layer.config.padding ?? 1;
  if (typeof v === 'number') return [v, v, v, v];
  if (Array.isArray(v) && v.length === 2) {
    const [h, w] = v;
    if (typeof h === 'number' && typeof w === 'number') return [h, h, w, w];
    if (Array.isArray(h) && Array.isArray(w) && h.length === 2 && w.length === 2) {
      const all = [h[0], h[1], w[0], w[1]];
      if (all.every((x) => typeof x === 'number')) return all as [number, number, number, number];
    }
  }
  return failLayer(layer, `padding ${JSON.stringify(v)} is not understood`);
}
