import { resolveParams } from '../blocks/params';
import { zeroPaddingPairs } from '../blocks/zero-padding';
import { analyzeDesign } from '../graph/analyze';
import { toLayerName } from '../graph/factory';
import { indexDesign } from '../graph/graph-index';
import type { BlockKind, BlockNode, BlockParams, Design, Pair } from '../graph/types';

/**
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

const GLOROT_UNIFORM = { class_name: 'VarianceScaling', config: { scale: 1, mode: 'fan_avg', distribution: 'uniform', seed: null } };
const ZEROS = { class_name: 'Zeros', config: {} };
const ONES = { class_name: 'Ones', config: {} };

const pair = (v: unknown): [number, number] => {
  const p = v as Pair | number;
  return typeof p === 'number' ? [p, p] : [p[0], p[1]];
};

function biasPart(useBias: boolean): Record<string, unknown> {
  return { use_bias: useBias, bias_initializer: ZEROS, bias_regularizer: null, bias_constraint: null, activity_regularizer: null };
}

function convConfig(kind: BlockKind, p: BlockParams, activation: string): { cls: string; config: Record<string, unknown> } {
  const common = {
    kernel_size: pair(p.kernelSize),
    strides: pair(p.strides),
    padding: p.padding,
    data_format: 'channels_last',
    dilation_rate: pair(p.dilation),
    activation,
    ...biasPart(p.useBias as boolean),
  };
  if (kind === 'separable-conv') {
    return {
      cls: 'SeparableConv2D',
      config: {
        filters: p.filters,
        ...common,
        depth_multiplier: p.depthMultiplier,
        depthwise_initializer: GLOROT_UNIFORM,
        pointwise_initializer: GLOROT_UNIFORM,
        depthwise_regularizer: null,
        pointwise_regularizer: null,
        depthwise_constraint: null,
        pointwise_constraint: null,
      },
    };
  }
  if (kind === 'depthwise-conv') {
    return {
      cls: 'DepthwiseConv2D',
      config: {
        ...common,
        depth_multiplier: p.depthMultiplier,
        depthwise_initializer: GLOROT_UNIFORM,
        depthwise_regularizer: null,
        depthwise_constraint: null,
      },
    };
  }
  return {
    cls: 'Conv2D',
    config: { filters: p.filters, ...common, kernel_initializer: GLOROT_UNIFORM, kernel_regularizer: null, kernel_constraint: null },
  };
}

function denseConfig(units: unknown, activation: unknown, useBias: boolean): Record<string, unknown> {
  return { units, activation, ...biasPart(useBias), kernel_initializer: GLOROT_UNIFORM, kernel_regularizer: null, kernel_constraint: null };
}

function batchNormConfig(momentum: unknown, epsilon: unknown): Record<string, unknown> {
  return {
    axis: -1,
    momentum,
    epsilon,
    center: true,
    scale: true,
    beta_initializer: ZEROS,
    gamma_initializer: ONES,
    moving_mean_initializer: ZEROS,
    moving_variance_initializer: ONES,
    beta_regularizer: null,
    gamma_regularizer: null,
    beta_constraint: null,
    gamma_constraint: null,
  };
}

function poolConfig(size: [number, number], strides: [number, number], padding: unknown): Record<string, unknown> {
  return { pool_size: size, strides, padding, data_format: 'channels_last' };
}

interface Part {
  suffix: string;
  cls: string;
  config: Record<string, unknown>;
}

/** The layers making up one block, in order (suffix '' = the block name itself). */
export function blockParts(kind: BlockKind, p: BlockParams): Part[] {
  switch (kind) {
    case 'input':
      return []; // handled separately (InputLayer)
    case 'separable-conv':
    case 'receptive-field-conv':
    case 'conv':
    case 'depthwise-conv': {
      const act = String(p.activation);
      if (!p.batchNorm) {
        const c = convConfig(kind, p, act);
        return [{ suffix: '', cls: c.cls, config: c.config }];
      }
      const c = convConfig(kind, p, 'linear');
      const parts: Part[] = [
        { suffix: '', cls: c.cls, config: c.config },
        { suffix: '_bn', cls: 'BatchNormalization', config: batchNormConfig(0.99, 0.001) },
      ];
      if (act !== 'linear') parts.push({ suffix: '_act', cls: 'Activation', config: { activation: act } });
      return parts;
    }
    case 'encoding': {
      const parts: Part[] = [];
      if (p.pool !== 'none') {
        const size = pair(p.poolSize);
        const cls = p.pool === 'max' ? 'MaxPooling2D' : 'AveragePooling2D';
        parts.push({ suffix: '_pool', cls, config: poolConfig(size, size, 'valid') });
      }
      if (p.mode === 'flatten') parts.push({ suffix: '_flatten', cls: 'Flatten', config: {} });
      else if (p.mode === 'global-max') parts.push({ suffix: '_gmp', cls: 'GlobalMaxPooling2D', config: { data_format: 'channels_last' } });
      else parts.push({ suffix: '_gap', cls: 'GlobalAveragePooling2D', config: { data_format: 'channels_last' } });
      if ((p.embeddingUnits as number) > 0) {
        parts.push({ suffix: '_embedding', cls: 'Dense', config: denseConfig(p.embeddingUnits, p.embeddingActivation, true) });
      }
      if ((p.dropout as number) > 0) {
        parts.push({ suffix: '_dropout', cls: 'Dropout', config: { rate: p.dropout, noise_shape: null, seed: null } });
      }
      return parts;
    }
    case 'output':
    case 'dense':
      return [{ suffix: '', cls: 'Dense', config: denseConfig(p.units, p.activation, p.useBias as boolean) }];
    case 'max-pool':
    case 'avg-pool': {
      const cls = kind === 'max-pool' ? 'MaxPooling2D' : 'AveragePooling2D';
      return [{ suffix: '', cls, config: poolConfig(pair(p.poolSize), pair(p.strides), p.padding) }];
    }
    case 'global-pool': {
      const cls = p.mode === 'max' ? 'GlobalMaxPooling2D' : 'GlobalAveragePooling2D';
      return [{ suffix: '', cls, config: { data_format: 'channels_last' } }];
    }
    case 'batch-norm':
      return [{ suffix: '', cls: 'BatchNormalization', config: batchNormConfig(p.momentum, p.epsilon) }];
    case 'activation':
      return [{ suffix: '', cls: 'Activation', config: { activation: p.activation } }];
    case 'dropout':
      return [{ suffix: '', cls: 'Dropout', config: { rate: p.rate, noise_shape: null, seed: null } }];
    case 'flatten':
      return [{ suffix: '', cls: 'Flatten', config: {} }];
    case 'add':
      return [{ suffix: '', cls: 'Add', config: {} }];
    case 'concatenate':
      return [{ suffix: '', cls: 'Concatenate', config: { axis: -1 } }];
    case 'zero-padding':
      return [{ suffix: '', cls: 'ZeroPadding2D', config: { padding: zeroPaddingPairs(p), data_format: 'channels_last' } }];
  }
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
    const p = resolveParams(b.kind, b.params).params;
    if (b.kind === 'input') {
      const config = { batch_input_shape: [null, p.height, p.width, p.channels], dtype: 'float32', sparse: false, name: b.name };
      layers.push({ name: b.name, class_name: 'InputLayer', config, inbound_nodes: [] });
      blockLayers[id] = [b.name];
      outName.set(id, b.name);
      inputName = b.name;
      continue;
    }
    const incoming = g.incoming[g.indexOf.get(id) as number];
    let inbound: KerasInbound[] = incoming.map((e) => [outName.get(e.source) as string, 0, 0, {}]);
    const names: string[] = [];
    for (const part of blockParts(b.kind, p)) {
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
