/**
 * The exporters' view of a `modelTopology`: the normalised layer graph (layer-graph.ts) checked for what export
 * needs (no nested models, declared inputs and outputs), topologically sorted, without layers that reach no output.
 */
import { ExportInputError } from '../../export/errors';
import { isRecord } from '../json';
import type { LayerNode } from '../types';
import { layerGraph } from './layer-graph';

export interface ModelGraph {
  name: string;
  layers: LayerNode[];
  inputs: string[];
  outputs: string[];
}

const NESTED = new Set(['Sequential', 'Model', 'Functional']);

function endpointNames(raw: unknown, what: string): string[] {
  const list = Array.isArray(raw) && raw.length > 0 && typeof raw[0] === 'string' ? [raw] : raw;
  if (!Array.isArray(list)) throw new ExportInputError(`modelTopology has no ${what}`);
  return list.map((e) => {
    if (!Array.isArray(e) || typeof e[0] !== 'string') throw new ExportInputError(`modelTopology: bad ${what} entry ${JSON.stringify(e)}`);
    return e[0];
  });
}

/** Topological order (Kahn), keeping the file's order among ready layers; drops layers not reaching an output. */
function sortAndPrune(layers: LayerNode[], outputs: string[]): LayerNode[] {
  const byName = new Map(layers.map((n) => [n.name, n]));
  const order: LayerNode[] = [];
  const done = new Set<string>();
  const pending = [...layers];
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
    byName.get(n)?.inbound.forEach(mark);
  };
  outputs.forEach(mark);
  return order.filter((n) => used.has(n.name));
}

export function parseTopology(topology: Record<string, unknown>): ModelGraph {
  const className = String(topology.class_name);
  const read = layerGraph(className, topology.config, { sequentialInputName: 'keras' });
  if (!read.ok) throw new ExportInputError(`modelTopology: ${read.error}`);
  const { layers, modelName } = read.graph;
  const nested = layers.find((l) => NESTED.has(l.className));
  if (nested) throw new ExportInputError(`layer '${nested.name}' is a nested ${nested.className}; nested models cannot be exported`);
  if (className === 'Sequential') return { name: modelName, layers, inputs: [layers[0].name], outputs: [layers[layers.length - 1].name] };
  const cfg = isRecord(topology.config) ? topology.config : {};
  const inputs = endpointNames(cfg.input_layers, 'input_layers');
  const outputs = endpointNames(cfg.output_layers, 'output_layers');
  const names = new Set(layers.map((l) => l.name));
  for (const n of [...inputs, ...outputs]) {
    if (!names.has(n)) throw new ExportInputError(`modelTopology names unknown input/output layer '${n}'`);
  }
  return { name: modelName, layers: sortAndPrune(layers, outputs), inputs, outputs };
}
