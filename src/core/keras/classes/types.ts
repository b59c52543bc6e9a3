/** What Sora knows about one Keras layer class: one entry of the class table (classes/index.ts). */
import type { BlockKind, BlockParams } from '../../graph/types';
import type { ConfigReader } from '../import-config';
import type { TorchLayerPlan } from '../torch-helpers';
import type { Dims, ExpectedWeight, ExportLayer, LayerNode } from '../types';

/** What the importer tells a class about the layer being imported. */
export interface ImportContext {
  /** The layer's name in the file. */
  layerName: string;
  /** True when the layer is a model output (nothing consumes it). */
  isOutput: boolean;
  /** Weight shape by name suffix ("<layer>/depthwise_kernel"), from a weightsManifest. */
  weightShape(suffix: string): number[] | undefined;
  /** Adds an import warning. */
  warn(message: string): void;
}

/** The block one imported layer becomes. */
export interface BlockMapping {
  kind: BlockKind;
  params: BlockParams;
}

export interface LayerInference {
  out: Dims;
  /** Weights in Keras `layer.weights` order. */
  weights: ExpectedWeight[];
}

export interface KerasClass {
  /** The inputs a call takes: none (InputLayer), one tensor, or a list (merge layers, Concatenate). */
  takes: 'none' | 'one' | 'list';
  /** Output dims and expected weights given the input dims (config read with layer-config.ts). */
  infer(layer: LayerNode, ins: Dims[]): LayerInference;
  /** PyTorch module, forward expression and state dict (`self` = the module attribute, `ins` = input variables). */
  torch?(layer: ExportLayer, self: string, ins: string[]): TorchLayerPlan;
  /** Keyword arguments of `layers.<Class>(…)` in the Keras script, without `name=`. */
  kerasArgs?(layer: ExportLayer): string[];
  /** The block an imported layer of this class becomes (config read with import-config.ts); absent: not importable. */
  toBlock?(r: ConfigReader, ctx: ImportContext): BlockMapping;
}
