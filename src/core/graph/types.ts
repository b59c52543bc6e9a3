/**
 * Graph types shared by every layer of Sora Designer. Pure data: no React, DOM or tfjs.
 *
 * Conventions (Keras / TensorFlow):
 * - tensors are channels-last; a `Shape` never includes the batch dimension
 *   ([H, W, C] for feature maps, [N] for vectors);
 * - pairs are [height, width].
 */

export type Shape = readonly number[];
export type Pair = readonly [number, number];

export const BLOCK_KINDS = [
  // the five Sora blocks
  'input',
  'separable-conv',
  'receptive-field-conv',
  'encoding',
  'output',
  // helpers
  'conv',
  'depthwise-conv',
  'max-pool',
  'avg-pool',
  'global-pool',
  'batch-norm',
  'activation',
  'dropout',
  'dense',
  'flatten',
  'add',
  'concatenate',
  'zero-padding',
] as const;
export type BlockKind = (typeof BLOCK_KINDS)[number];

export const ACTIVATIONS = [
  'linear',
  'relu',
  'relu6',
  'elu',
  'selu',
  'sigmoid',
  'hard_sigmoid',
  'tanh',
  'softmax',
  'softplus',
  'softsign',
  'swish',
] as const;
export type Activation = (typeof ACTIVATIONS)[number];

export type Padding = 'same' | 'valid';

/** Parameter values stored on a block: plain JSON. */
export type ParamValue = number | string | boolean | Pair;
export type BlockParams = Record<string, ParamValue>;

export interface Position {
  x: number;
  y: number;
}

export interface BlockNode {
  id: string;
  kind: BlockKind;
  /** User-visible, unique within a design; also used as the layer name when compiled. */
  name: string;
  params: BlockParams;
  position: Position;
}

export interface Edge {
  id: string;
  source: string;
  target: string;
  /** Position of this input among the target's inputs (matters for concatenate order). */
  targetIndex: number;
}

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

export interface Design {
  name: string;
  blocks: BlockNode[];
  edges: Edge[];
  viewport?: Viewport;
}

/** Receptive field of one output unit, in input pixels. */
export interface ReceptiveField {
  /** [height, width] of the input region one output unit sees. */
  size: Pair;
  /** [height, width] distance in input pixels between adjacent output units. */
  jump: Pair;
}

export interface Cost {
  params: number;
  trainableParams: number;
  nonTrainableParams: number;
  /** Multiply-accumulates of conv, depthwise, pointwise and dense layers only. */
  macs: number;
  /** 2 × MACs + element-wise ops (see README "Cost conventions"). */
  flops: number;
}

/** Result of shape inference for one block. */
export type ShapeResult = { ok: true; shape: Shape } | { ok: false; error: string };
