/**
 * A model.json exported by Sora writes each dilated DepthwiseConv2D as an undilated one with a zero-expanded
 * kernel (stock tfjs ignores depthwise dilation; see core/export/stock-tfjs.ts) and records the original kernel
 * size and dilation in userDefinedMetadata.sora. Importing it gives back the original layer.
 */
import { expandedSize, type ExpandedDilation } from '../../export/stock-tfjs';
import { pairValue, type Pair } from '../json';
import type { LayerNode } from '../types';

function samePair(a: Pair | null, b: readonly [number, number]): boolean {
  return a !== null && a[0] === b[0] && a[1] === b[1];
}

/**
 * Layers named in `expanded` (and still in their expanded form: DepthwiseConv2D, dilation 1, kernel (k−1)·d+1)
 * get their recorded kernel_size and dilation_rate back; their manifest kernel shape is contracted to match.
 * Returns the layers (restored ones are copies) and a warning per record that does not fit its layer.
 */
export function restoreExpandedDilations(
  layers: readonly LayerNode[],
  expanded: readonly ExpandedDilation[],
  weightShapes: Map<string, number[]>,
): { layers: LayerNode[]; warnings: string[] } {
  if (expanded.length === 0) return { layers: [...layers], warnings: [] };
  const byLayer = new Map(expanded.map((e) => [e.layer, e]));
  const warnings: string[] = [];
  const out = layers.map((layer) => {
    const e = byLayer.get(layer.name);
    if (!e) return layer;
    byLayer.delete(layer.name);
    const full: [number, number] = [expandedSize(e.kernelSize[0], e.dilation[0]), expandedSize(e.kernelSize[1], e.dilation[1])];
    if (
      layer.className !== 'DepthwiseConv2D' ||
      !samePair(pairValue(layer.config.kernel_size, [0, 0]), full) ||
      !samePair(pairValue(layer.config.dilation_rate, [1, 1]), [1, 1])
    ) {
      warnings.push(
        `layer '${layer.name}': the file's sora metadata describes an expanded dilated DepthwiseConv2D that this layer is not; imported as it is`,
      );
      return layer;
    }
    for (const [name, shape] of weightShapes) {
      if ((name === `${layer.name}/depthwise_kernel` || name.endsWith(`/${layer.name}/depthwise_kernel`)) && shape.length === 4) {
        weightShapes.set(name, [e.kernelSize[0], e.kernelSize[1], shape[2], shape[3]]);
      }
    }
    return { ...layer, config: { ...layer.config, kernel_size: [...e.kernelSize], dilation_rate: [...e.dilation] } };
  });
  for (const name of byLayer.keys()) warnings.push(`the file's sora metadata names layer '${name}', which the model does not have`);
  return { layers: out, warnings };
}
