/**
 * The exporter's model: topology + static shapes + the weights each layer owns, all checked against each other.
 * Every generator (PyTorch, Keras, tfjs) works from this.
 */
import { inferLayer } from '../keras/infer-layer';
import { parseTopology } from '../keras/reader/model-graph';
import type { Dims, ExpectedWeight, ExportLayer, LayerNode } from '../keras/types';
import { decodeWeights, ExportInputError, type TfjsArtifact, type WeightTensor } from './artifact';
import { fromStockTfjs } from './stock-tfjs';

export type { ExportLayer };

export interface ExportModel {
  name: string;
  layers: ExportLayer[];
  inputs: string[];
  outputs: string[];
  /** The topology JSON with repairs applied (e.g. SeparableConv2D depth_multiplier, which tfjs omits when saving). */
  topology: Record<string, unknown>;
  /** Every weight, in the artifact's manifest order. */
  manifestWeights: WeightTensor[];
  /** Non-fatal notes about repairs made so that the export computes what tfjs computes. */
  warnings: string[];
  /** model.json's userDefinedMetadata other than Sora's own expansion record (kept through a tfjs re-export). */
  userDefinedMetadata?: Record<string, unknown>;
  /** All weight elements (trainable + BN moving statistics), like tfjs/Keras `countParams()`. */
  paramCount: number;
}

function findWeight(weights: Map<string, WeightTensor>, layer: string, key: string): WeightTensor | undefined {
  const exact = weights.get(`${layer}/${key}`);
  if (exact) return exact;
  const suffix = `/${layer}/${key}`;
  const hits = [...weights.values()].filter((w) => w.name.endsWith(suffix));
  return hits.length === 1 ? hits[0] : undefined;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function bindWeights(
  layerName: string,
  className: string,
  expected: ExpectedWeight[],
  weights: Map<string, WeightTensor>,
  used: Set<string>,
): ExportLayer['weights'] {
  return expected.map(({ key, shape }) => {
    const t = findWeight(weights, layerName, key);
    if (!t) {
      throw new ExportInputError(
        `weights do not match the topology: layer '${layerName}' (${className}) needs weight '${layerName}/${key}' [${shape.join(', ')}], which the manifest lacks`,
      );
    }
    if (!sameShape(t.shape, shape)) {
      throw new ExportInputError(
        `weights do not match the topology: '${t.name}' has shape [${t.shape.join(', ')}] but layer '${layerName}' (${className}) expects [${shape.join(', ')}]`,
      );
    }
    used.add(t.name);
    return { key, tensor: t };
  });
}

/**
 * Stock tfjs' SeparableConv2D.getConfig() drops depth_multiplier (Sora's tf-setup patch restores it), so models
 * saved by plain tfjs default to 1 on reload; the true value is the last axis of the stored depthwise kernel.
 * (DepthwiseConv2D dilation_rate is read with Keras semantics, which Sora's patched tfjs computes; the tfjs
 * export writes dilated ones in a form stock tfjs computes too, see stock-tfjs.ts.)
 */
function repairDepthMultiplier(node: LayerNode, weights: Map<string, WeightTensor>, warnings: string[]): void {
  if (node.className !== 'SeparableConv2D' || node.config.depth_multiplier !== undefined) return;
  const dw = findWeight(weights, node.name, 'depthwise_kernel');
  if (!dw || dw.shape.length !== 4) return;
  node.config.depth_multiplier = dw.shape[3];
  if (dw.shape[3] !== 1) {
    warnings.push(
      `layer '${node.name}' (SeparableConv2D): model.json omits depth_multiplier (stock tfjs drops it); using ${dw.shape[3]} from its depthwise kernel`,
    );
  }
}

/**
 * Reads an artifact into the exporter's model. A model.json written for stock tfjs (dilated DepthwiseConv2D
 * layers expanded, see stock-tfjs.ts) is read back in its original form, so every generator sees the design's
 * layers (kernel size, dilation) and kernels.
 */
export function buildExportModel(stored: TfjsArtifact): ExportModel {
  const { artifact, warnings } = fromStockTfjs(stored);
  const topology = structuredClone(artifact.modelTopology);
  const graph = parseTopology(topology);
  const weights = decodeWeights(artifact);
  graph.layers.forEach((n) => {
    repairDepthMultiplier(n, weights, warnings);
  });
  const dims = new Map<string, Dims>();
  const used = new Set<string>();
  const layers: ExportLayer[] = graph.layers.map((node) => {
    const inDims = node.inbound.map((n) => {
      const d = dims.get(n);
      if (!d) throw new ExportInputError(`layer '${node.name}' takes input from '${n}', which has no known shape`);
      return d;
    });
    if (node.className === 'InputLayer' && !graph.inputs.includes(node.name)) {
      throw new ExportInputError(`InputLayer '${node.name}' is not one of the model's inputs`);
    }
    const { out, weights: expected } = inferLayer(node, inDims);
    dims.set(node.name, out);
    return { ...node, inDims, outDims: out, weights: bindWeights(node.name, node.className, expected, weights, used) };
  });
  const unused = [...weights.keys()].filter((n) => !used.has(n));
  if (unused.length > 0) {
    const list = unused.slice(0, 5).join(', ') + (unused.length > 5 ? `, … (${unused.length} in all)` : '');
    throw new ExportInputError(`weights do not match the topology: no layer uses manifest weight(s) ${list}`);
  }
  const paramCount = layers.reduce((s, l) => s + l.weights.reduce((t, w) => t + w.tensor.data.length, 0), 0);
  return {
    name: graph.name,
    layers,
    inputs: graph.inputs,
    outputs: graph.outputs,
    topology,
    manifestWeights: [...weights.values()],
    warnings,
    paramCount,
    ...(artifact.userDefinedMetadata ? { userDefinedMetadata: artifact.userDefinedMetadata } : {}),
  };
}
