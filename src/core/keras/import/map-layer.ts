/** One Keras layer → the block it becomes, by its class entry (aliases of old class names resolved). */
import type { BlockKind, BlockParams } from '../../graph/types';
import { CLASS_ALIASES, kerasClass } from '../classes';
import { ConfigReader, ImportError } from '../import-config';
import type { LayerNode } from '../types';

/** What one Keras layer becomes. */
export interface MappedLayer {
  kind: BlockKind;
  params: BlockParams;
  warnings: string[];
}

export interface MapContext {
  /** True when the layer is a model output (nothing consumes it). */
  isOutput: boolean;
  /** Weight shape by name suffix ("<layer>/depthwise_kernel"), from a weightsManifest. */
  weightShape(suffix: string): number[] | undefined;
}

const NESTED_MODELS = new Set(['Sequential', 'Functional', 'Model']);

/** Maps one Keras layer to a block kind and params (or throws ImportError naming the layer). */
export function mapLayer(layer: LayerNode, ctx: MapContext): MappedLayer {
  const cls = Object.hasOwn(CLASS_ALIASES, layer.className) ? CLASS_ALIASES[layer.className] : layer.className;
  const r = new ConfigReader(layer.name, cls, layer.config);
  if (NESTED_MODELS.has(cls)) r.fail('nested models are not supported; flatten the sub-model into the main model first');
  const toBlock = kerasClass(cls)?.toBlock;
  if (!toBlock) throw new ImportError(`unsupported layer class '${layer.className}' (layer '${layer.name}')`);
  const warnings: string[] = [];
  const { kind, params } = toBlock(r, { layerName: layer.name, isOutput: ctx.isOutput, weightShape: ctx.weightShape, warn: (m) => warnings.push(m) });
  return { kind, params, warnings };
}
