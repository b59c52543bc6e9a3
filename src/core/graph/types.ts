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

/**
 * The block kinds are derived from the block registry (src/core/blocks/registry.ts: one definition file per kind,
 * listed once there); the activation names live with the block fields. Re-exported here so graph code keeps one
 * import for its types.
 */
export { BLOCK_KINDS, type BlockKind } from '../blocks/registry';
export { ACTIVATIONS, type Activation } from '../blocks/activations';
import type { BlockKind } from '../blocks/registry';

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
