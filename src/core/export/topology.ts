/**
 * Normalizes a Keras/tfjs `modelTopology` (Sequential or functional Model) into a flat, topologically sorted
 * list of layer nodes with named inbound layers.
 */
import { ExportInputError } from './artifact';

export type LayerConfig = Record<string, unknown>;

export interface LayerNode {
  name: string;
  className: string;
  config: LayerConfig;
  /** Names of the layers feeding this one, in call order (empty for InputLayer). */
  inbound: string[];
}

export interface ModelGraph {
  name: string;
  layers: LayerNode[];
  inputs: string[];
  outputs: string[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function rawLayer(raw: unknown, where: string): { className: string; config: LayerConfig; rawObj: Record<string, unknown> } {
  if (!isRecord(raw) || typeof raw.class_name !== 'string' || !isRecord(raw.config)) {
    throw new ExportInputError(`modelTopology: ${where} is not a layer {class_name, config}`);
  }
  return { className: raw.class_name, config: raw.config, rawObj: raw };
}

function layerName(config: LayerConfig, fallback: string): string {
  return typeof config.name === 'string' && config.name !== '' ? config.name : fallback;
}

const NESTED = new Set(['Sequential', 'Model', 'Functional']);

function sequentialGraph(name: string, rawLayers: unknown[]): ModelGraph {
  const layers: LayerNode[] = [];
  let prev: string | null = null;
  rawLayers.forEach((raw, i) => {
    const { className, config } = rawLayer(raw, `layers[${i}]`);
    if (NESTED.has(className)) throw new ExportInputError(`layer ${i} is a nested ${className}; nested models cannot be exported`);
    const lname = layerName(config, `layer_${i}`);
    if (prev === null && className !== 'InputLayer') {
      const shape = config.batch_input_shape ?? config.batch_shape;
      if (!Array.isArray(shape)) throw new ExportInputError(`first layer '${lname}' declares no batch_input_shape; the input size is unknown`);
      const inputName = `${lname}_input`;
      layers.push({ name: inputName, className: 'InputLayer', config: { name: inputName, batch_input_shape: shape }, inbound: [] });
      prev = inputName;
    }
    layers.push({ name: lname, className, config, inbound: prev === null ? [] : [prev] });
    prev = lname;
  });
  if (layers.length === 0 || prev === null) throw new ExportInputError('modelTopology has no layers');
  return { name, layers, inputs: [layers[0].name], outputs: [prev] };
}

/** Extracts inbound layer names from one Keras 2 (`[[name, node, tensor, kwargs], …]`) or Keras 3 node. */
function inboundNames(node: unknown): string[] {
  const names: string[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) {
      if (v.length >= 3 && typeof v[0] === 'string' && typeof v[1] === 'number' && typeof v[2] === 'number') {
        names.push(v[0]);
        return;
      }
      v.forEach(visit);
    } else if (isRecord(v)) {
      if (isRecord(v.config) && Array.isArray(v.config.keras_history)) visit(v.config.keras_history);
      else if (Array.isArray(v.args)) visit(v.args);
    }
  };
  visit(node);
  return names;
}

function endpointNames(raw: unknown, what: string): string[] {
  const list = Array.isArray(raw) && raw.length > 0 && typeof raw[0] === 'string' ? [raw] : raw;
  if (!Array.isArray(list)) throw new ExportInputError(`modelTopology has no ${what}`);
  return list.map((e) => {
    if (!Array.isArray(e) || typeof e[0] !== 'string') throw new ExportInputError(`modelTopology: bad ${what} entry ${JSON.stringify(e)}`);
    return e[0];
  });
}

function functionalGraph(name: string, cfg: Record<string, unknown>, rawLayers: unknown[]): ModelGraph {
  const nodes = new Map<string, LayerNode>();
  rawLayers.forEach((raw, i) => {
    const { className, config, rawObj } = rawLayer(raw, `layers[${i}]`);
    const lname = typeof rawObj.name === 'string' ? rawObj.name : layerName(config, `layer_${i}`);
    if (NESTED.has(className)) throw new ExportInputError(`layer '${lname}' is a nested ${className}; nested models cannot be exported`);
    const calls = Array.isArray(rawObj.inbound_nodes) ? rawObj.inbound_nodes : [];
    if (calls.length > 1) throw new ExportInputError(`layer '${lname}' is shared (called ${calls.length} times); shared layers cannot be exported`);
    if (nodes.has(lname)) throw new ExportInputError(`modelTopology has two layers named '${lname}'`);
    nodes.set(lname, { name: lname, className, config, inbound: calls.length ? inboundNames(calls[0]) : [] });
  });
  for (const n of nodes.values()) {
    for (const src of n.inbound) {
      if (!nodes.has(src)) throw new ExportInputError(`layer '${n.name}' takes input from unknown layer '${src}'`);
    }
  }
  const inputs = endpointNames(cfg.input_layers, 'input_layers');
  const outputs = endpointNames(cfg.output_layers, 'output_layers');
  for (const n of [...inputs, ...outputs]) {
    if (!nodes.has(n)) throw new ExportInputError(`modelTopology names unknown input/output layer '${n}'`);
  }
  // Topological order (Kahn), keeping the file's order among ready layers; drop layers not reaching an output.
  const order: LayerNode[] = [];
  const done = new Set<string>();
  const pending = [...nodes.values()];
  while (pending.length > 0) {
    const idx = pending.findIndex((n) => n.inbound.every((s) => done.has(s)));
    if (idx < 0) throw new ExportInputError(`modelTopology has a cycle around layer '${pending[0].name}'`);
    const [n] = pending.splice(idx, 1);
    done.add(n.name);
    order.push(n);
  }
  const used = new Set<string>();
  const mark = (n: string): void => {
    if (used.has(n)) return;
    used.add(n);
    nodes.get(n)?.inbound.forEach(mark);
  };
  outputs.forEach(mark);
  return { name, layers: order.filter((n) => used.has(n.name)), inputs, outputs };
}

export function parseTopology(topology: Record<string, unknown>): ModelGraph {
  const className = topology.class_name;
  const cfg = topology.config;
  if (className === 'Sequential') {
    const rawLayers = Array.isArray(cfg) ? cfg : isRecord(cfg) && Array.isArray(cfg.layers) ? cfg.layers : null;
    if (!rawLayers) throw new ExportInputError('Sequential modelTopology has no layers list');
    const name = isRecord(cfg) && typeof cfg.name === 'string' ? cfg.name : 'sequential';
    return sequentialGraph(name, rawLayers);
  }
  if (className === 'Model' || className === 'Functional') {
    if (!isRecord(cfg) || !Array.isArray(cfg.layers)) throw new ExportInputError(`${className} modelTopology has no layers list`);
    return functionalGraph(typeof cfg.name === 'string' ? cfg.name : 'model', cfg, cfg.layers);
  }
  throw new ExportInputError(`modelTopology class '${String(className)}' is not a Sequential or functional Model`);
}
