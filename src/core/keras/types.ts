/** The shapes every part of the Keras module passes around: one layer of a normalised graph, and its bound form. */
import type { WeightTensor } from '../export/artifact';

export type LayerConfig = Record<string, unknown>;

/** One Keras layer with its inputs resolved to layer names. */
export interface LayerNode {
  name: string;
  className: string;
  config: LayerConfig;
  /** Names of the layers feeding this one, in call order (empty for InputLayer). */
  inbound: string[];
}

/** Shape without the batch axis, e.g. [H, W, C] or [features]. */
export type Dims = number[];

export interface ExpectedWeight {
  /** Keras weight name within the layer: kernel, bias, depthwise_kernel, gamma, moving_mean, … */
  key: string;
  shape: number[];
}

/** A layer of the exporter's checked model: static shapes and the weights it owns. */
export interface ExportLayer extends LayerNode {
  inDims: Dims[];
  outDims: Dims;
  /** Weights in Keras `layer.weights` order, keyed by their in-layer name (kernel, bias, gamma, …). */
  weights: { key: string; tensor: WeightTensor }[];
}
