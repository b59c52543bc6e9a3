import { resolveParams } from '../blocks/params';
import { getBlockDef } from '../blocks/registry';
import { analyzeDesign } from '../graph/analyze';
import { toLayerName } from '../graph/factory';
import { indexDesign } from '../graph/graph-index';
import type { BlockNode, Design } from '../graph/types';

/**
 * The Keras topology writer: chains the stock Keras layers each block definition lowers to (`keras` in
 * src/core/blocks/<kind>.ts) into a functional model.
 *
 * Design → standard Keras functional-model topology, exactly as tfjs-layers writes it
 * (`model.toJSON()`): snake_case keys, InputLayer with batch_input_shape, inbound_nodes
 * [[[name, 0, 0, {}]]], input_layers / output_layers. Only stock layer classes are used, so
 * `tf.models.modelFromJSON` / `tf.loadLayersModel` and Keras can both read it.
 *
 * Layer names: a block that is one layer keeps its block name; extra layers get suffixes —
 * conv blocks with batch norm: `${name}` (linear) → `${name}_bn` → `${name}_act` (omitted for a
 * linear activation); encoding: `${name}_pool`, `${name}_flatten` | `${name}_gap` | `${name}_gmp`,
 * `${name}_embedding`, `${name}_dropout`. A suffixed name already taken gets `_2`, `_3`, ….
 * Only blocks connected to the Output block are exported.
 */

export type KerasInbound = [string, number, number, Record<string, never>];

export interface KerasLayerJson {
  name: string;
  class_name: string;
  config: Record<string, unknown>;
  inbound_nodes: KerasInbound[][];
}

export interface KerasModelJson {
  class_name: 'Model';
  config: {
    name: string;
    layers: KerasLayerJson[];
    input_layers: [string, number, number][];
    output_layers: [string, number, number][];
  };
  keras_version?: string;
  backend?: string;
}

export interface KerasExport {
  model: KerasModelJson;
  /** Per exported block id: its layer names in order (the last one carries the block's output). */
  blockLayers: Record<string, string[]>;
}

/** Blocks with a path to the (single) Output block. */
function liveBlocks(design: Design): Set<string> {
  const g = indexDesign(design);
  const out = g.blocks.findIndex((b) => b.kind === 'output');
  const live = new Set<string>();
  const stack = out >= 0 ? [out] : [];
  while (stack.length > 0) {
    const i = stack.pop() as number;
    if (live.has(g.blocks[i].id)) continue;
    live.add(g.blocks[i].id);
    stack.push(...g.pred[i]);
  }
  return live;
}

/** Full export: the model JSON plus which layers each block became. Throws for an invalid design. */
export function designToKerasModel(design: Design): KerasExport {
  const analysis = analyzeDesign(design);
  if (!analysis.valid) {
    const first = analysis.issues.find((i) => i.severity === 'error');
    throw new Error(`Cannot export design '${design.name}': ${first ? first.message : 'the design is invalid'}`);
  }
  const g = indexDesign(design);
  const live = liveBlocks(design);
  const byId = new Map<string, BlockNode>(g.blocks.map((b) => [b.id, b]));
  const used = new Set<string>([...live].map((id) => (byId.get(id) as BlockNode).name));
  const claim = (base: string): string => {
    if (!used.has(base)) {
      used.add(base);
      return base;
    }
    for (let n = 2; ; n++) {
      const name = `${base}_${n}`;
      if (!used.has(name)) {
        used.add(name);
        return name;
      }
    }
  };

  const layers: KerasLayerJson[] = [];
  const blockLayers: Record<string, string[]> = {};
  const outName = new Map<string, string>();
  let inputName = '';
  let outputName = '';
  for (const id of analysis.order) {
    if (!live.has(id)) continue;
    const b = byId.get(id) as BlockNode;
    const parts = getBlockDef(b.kind).keras(resolveParams(b.kind, b.params).params);
    if (b.kind === 'input') {
      // one InputLayer: no inbound nodes, no `trainable`
      for (const part of parts) layers.push({ name: b.name, class_name: part.cls, config: { ...part.config, name: b.name }, inbound_nodes: [] });
      blockLayers[id] = [b.name];
      outName.set(id, b.name);
      inputName = b.name;
      continue;
    }
    const incoming = g.incoming[g.indexOf.get(id) as number];
    let inbound: KerasInbound[] = incoming.map((e) => [outName.get(e.source) as string, 0, 0, {}]);
    const names: string[] = [];
    for (const part of parts) {
      const name = part.suffix === '' ? b.name : claim(`${b.name}${part.suffix}`);
      layers.push({
        name,
        class_name: part.cls,
        config: { ...part.config, name, trainable: true },
        inbound_nodes: [inbound],
      });
      names.push(name);
      inbound = [[name, 0, 0, {}]];
    }
    blockLayers[id] = names;
    outName.set(id, names[names.length - 1]);
    if (b.kind === 'output') outputName = names[names.length - 1];
  }
  return {
    model: {
      class_name: 'Model',
      config: {
        name: toLayerName(design.name || 'model'),
        layers,
        input_layers: [[inputName, 0, 0]],
        output_layers: [[outputName, 0, 0]],
      },
    },
    blockLayers,
  };
}

/** The Keras functional-model config of a valid design (see designToKerasModel). */
export function designToKerasModelConfig(design: Design): KerasModelJson {
  return designToKerasModel(design).model;
}
