/**
 * Normalises a Sequential or functional Keras model config (Keras 2 / Keras 3 / tfjs) into a list of layers with
 * named inputs: the one layer-graph reader behind the importer and the exporters.
 */
import { isRecord } from '../json';
import type { LayerNode } from '../types';

export interface LayerGraph {
  layers: LayerNode[];
  /** Names of the model's output layers (output_layers, or the layers nothing consumes). */
  outputs: string[];
  modelName: string;
}

export type LayerGraphResult = { ok: true; graph: LayerGraph } | { ok: false; error: string };

export interface LayerGraphOptions {
  /**
   * Name of the InputLayer added in front of a Sequential model that declares its input shape on its first layer:
   * 'input' (the importer's block name) or 'keras' (Keras' own `<first layer>_input`, what the exporters write).
   */
  sequentialInputName?: 'input' | 'keras';
}

const SHAPE_KEYS = ['batch_input_shape', 'batch_shape'] as const;

function layerName(raw: Record<string, unknown>, cfg: Record<string, unknown>, index: number): string {
  if (typeof raw.name === 'string' && raw.name) return raw.name;
  if (typeof cfg.name === 'string' && cfg.name) return cfg.name;
  return `layer_${index + 1}`;
}

function uniqueName(base: string, taken: Set<string>): string {
  let name = base;
  for (let i = 1; taken.has(name); i++) name = `${base}_${i}`;
  return name;
}

/** Batch input shape declared on a layer config (batch_input_shape / batch_shape / input_shape). */
export function declaredInputShape(cfg: Record<string, unknown>): unknown[] | null {
  for (const k of SHAPE_KEYS) if (Array.isArray(cfg[k])) return cfg[k] as unknown[];
  if (Array.isArray(cfg.input_shape)) return [null, ...(cfg.input_shape as unknown[])];
  return null;
}

/** The raw layer entries of a model config: Keras 2 Sequential's bare list, or `config.layers`; null when absent. */
export function rawLayerList(config: unknown): unknown[] | null {
  const list = Array.isArray(config) ? config : isRecord(config) ? config.layers : undefined;
  return Array.isArray(list) ? (list as unknown[]) : null;
}

function sequentialGraph(config: unknown, options: LayerGraphOptions): LayerGraphResult {
  const list = rawLayerList(config);
  if (!list) return { ok: false, error: 'Sequential model has no "layers" list' };
  const modelName = isRecord(config) && typeof config.name === 'string' ? config.name : 'sequential';
  const layers: LayerNode[] = [];
  const taken = new Set<string>();
  for (const [i, raw] of list.entries()) {
    if (!isRecord(raw) || typeof raw.class_name !== 'string') return { ok: false, error: `layers[${i}] has no "class_name"` };
    const cfg = isRecord(raw.config) ? raw.config : {};
    const name = uniqueName(layerName({}, cfg, i), taken);
    if (layers.length === 0 && raw.class_name !== 'InputLayer') {
      const shape = declaredInputShape(cfg) ?? (isRecord(config) && Array.isArray(config.build_input_shape) ? config.build_input_shape : null);
      if (!shape) {
        return { ok: false, error: `the model declares no input shape (no InputLayer, and layer '${name}' has no batch_input_shape/input_shape)` };
      }
      const base = options.sequentialInputName === 'keras' ? `${name}_input` : 'input';
      const inputName = uniqueName(base, new Set(list.map((l) => (isRecord(l) && isRecord(l.config) ? String(l.config.name) : ''))));
      taken.add(inputName);
      layers.push({ name: inputName, className: 'InputLayer', config: { batch_input_shape: shape, name: inputName }, inbound: [] });
    }
    taken.add(name);
    const prev = layers[layers.length - 1];
    layers.push({ name, className: raw.class_name, config: cfg, inbound: prev ? [prev.name] : [] });
  }
  if (layers.length === 0) return { ok: false, error: 'the model has no layers' };
  return { ok: true, graph: { layers, outputs: [layers[layers.length - 1].name], modelName } };
}

/** Collects layer names from Keras 3 `__keras_tensor__` objects anywhere inside call args. */
function kerasTensorSources(v: unknown, out: string[]): void {
  if (Array.isArray(v)) {
    for (const x of v) kerasTensorSources(x, out);
  } else if (isRecord(v)) {
    if (v.class_name === '__keras_tensor__' && isRecord(v.config) && Array.isArray(v.config.keras_history)) {
      out.push(String(v.config.keras_history[0]));
    } else {
      for (const x of Object.values(v)) kerasTensorSources(x, out);
    }
  }
}

/** Input layer names of one inbound node (old list form or Keras 3 dict form). */
function nodeSources(node: unknown): string[] {
  const out: string[] = [];
  if (Array.isArray(node)) {
    // old form: [["name", nodeIndex, tensorIndex, {kwargs}], ...]
    for (const ref of node) if (Array.isArray(ref) && typeof ref[0] === 'string') out.push(ref[0]);
  } else if (isRecord(node)) {
    kerasTensorSources(node.args ?? [], out);
  }
  return out;
}

/** Names from input_layers / output_layers: [["dense", 0, 0], ...] or Keras 3's single ["dense", 0, 0]. */
export function refNames(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  if (typeof v[0] === 'string') return [v[0]];
  return v.filter((r): r is unknown[] => Array.isArray(r) && typeof r[0] === 'string').map((r) => String(r[0]));
}

function functionalGraph(config: unknown): LayerGraphResult {
  if (!isRecord(config) || !Array.isArray(config.layers)) return { ok: false, error: 'functional model has no "layers" list' };
  const layers: LayerNode[] = [];
  const names = new Set<string>();
  for (const [i, raw] of config.layers.entries()) {
    if (!isRecord(raw) || typeof raw.class_name !== 'string') return { ok: false, error: `layers[${i}] has no "class_name"` };
    const cfg = isRecord(raw.config) ? raw.config : {};
    const name = layerName(raw, cfg, i);
    if (names.has(name)) return { ok: false, error: `two layers are named '${name}'` };
    names.add(name);
    const nodes = Array.isArray(raw.inbound_nodes) ? raw.inbound_nodes : [];
    if (nodes.length > 1) {
      return { ok: false, error: `layer '${name}' is called ${nodes.length} times (shared layers are not supported)` };
    }
    layers.push({ name, className: raw.class_name, config: cfg, inbound: nodes.length ? nodeSources(nodes[0]) : [] });
  }
  for (const l of layers) {
    for (const src of l.inbound) if (!names.has(src)) return { ok: false, error: `layer '${l.name}' takes input from unknown layer '${src}'` };
  }
  let outputs = refNames(config.output_layers).filter((n) => names.has(n));
  if (outputs.length === 0) {
    const consumed = new Set(layers.flatMap((l) => l.inbound));
    outputs = layers.filter((l) => !consumed.has(l.name)).map((l) => l.name);
  }
  const modelName = typeof config.name === 'string' ? config.name : 'model';
  return { ok: true, graph: { layers, outputs, modelName } };
}

/** Normalizes a Sequential or functional Keras config into a list of layers with named inputs. */
export function layerGraph(className: string, config: unknown, options: LayerGraphOptions = {}): LayerGraphResult {
  if (className === 'Sequential') return sequentialGraph(config, options);
  if (className === 'Model' || className === 'Functional') return functionalGraph(config);
  return { ok: false, error: `model class '${className}' is not supported (expected Sequential or a functional Model)` };
}
