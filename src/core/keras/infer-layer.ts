/** Static shape inference (NHWC without the batch axis) and expected weights of one layer, by its class entry. */
import { kerasClass, SUPPORTED_LAYERS } from './classes';
import type { LayerInference } from './classes/types';
import { failLayer } from './layer-config';
import type { Dims, LayerNode } from './types';

/** Output dims and expected weights (Keras `layer.weights` order) of one layer given its input dims. */
export function inferLayer(layer: LayerNode, ins: Dims[]): LayerInference {
  const entry = kerasClass(layer.className);
  if (entry?.takes === 'none') return entry.infer(layer, ins);
  if (ins.length === 0) failLayer(layer, 'has no input');
  if (entry?.takes !== 'list' && ins.length !== 1) failLayer(layer, `expects one input, got ${ins.length}`);
  if (!entry) failLayer(layer, `layer class '${layer.className}' is not supported for export (supported: ${SUPPORTED_LAYERS.join(', ')})`);
  return entry.infer(layer, ins);
}
