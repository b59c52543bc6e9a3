/**
 * The stock-tfjs form of a tfjs layers artifact, and back.
 *
 * Stock @tensorflow/tfjs 4.22 ignores a DepthwiseConv2D's dilation_rate (its `call` passes no dilation and its
 * output shape ignores it); Sora's app patches that at load time, but a user loading the model.json in their own
 * page runs the stock code. So every model.json that leaves the app writes a dilated DepthwiseConv2D as the exactly
 * equivalent undilated one: the kernel zero-expanded to (k−1)·d+1 per axis, dilation 1. The effective kernel size
 * is unchanged, so 'valid' output sizes and TF's (asymmetric) 'same' padding are identical, and every output is
 * the same sum of the same products (plus exact zeros). Conv2D and SeparableConv2D honour dilation in stock tfjs
 * (forward pass, fused path included) and stay as they are.
 *
 * What was expanded is recorded in model.json's `userDefinedMetadata.sora.expandedDilation` (a standard
 * model.json field that tfjs keeps and ignores), so the Keras/tfjs importer and the exporter restore the
 * original block (kernel, dilation) and contract the kernel back.
 */
import { ExportInputError, type TfjsArtifact } from './artifact';
import { concatBytes } from './artifact';
import { decodeWeightEntry, entryByteLength, float32ToLeBytes, type WeightSpecEntry } from './weight-decode';
import { isRecord, pairValue, type Pair } from '../keras/json';
import { rawLayerList } from '../keras/reader/layer-graph';

/** One DepthwiseConv2D written undilated: its original kernel size and dilation. */
export interface ExpandedDilation {
  layer: string;
  kernelSize: Pair;
  dilation: Pair;
}

/** The key under model.json's userDefinedMetadata that Sora owns. */
export const SORA_METADATA_KEY = 'sora';

type Json = Record<string, unknown>;

/** Keras kernel size of a (k, d) dilated kernel written undilated: (k − 1)·d + 1. */
export function expandedSize(kernel: number, dilation: number): number {
  return (kernel - 1) * dilation + 1;
}

/** The layer entries ({class_name, config, …}) of a Sequential or functional topology, as live references. */
function layerEntries(topology: Json): Json[] {
  return (rawLayerList(topology.config) ?? []).filter(isRecord).filter((l) => isRecord(l.config));
}

function entryName(entry: Json): string {
  const cfg = entry.config as Json;
  return typeof entry.name === 'string' ? entry.name : typeof cfg.name === 'string' ? cfg.name : '';
}

function isChannelsLast(cfg: Json): boolean {
  return cfg.data_format === undefined || cfg.data_format === null || cfg.data_format === 'channels_last';
}

/** The recorded expansions in a model.json's userDefinedMetadata (malformed entries are skipped). */
export function expandedLayersOf(userDefinedMetadata: unknown): ExpandedDilation[] {
  if (!isRecord(userDefinedMetadata)) return [];
  const sora = userDefinedMetadata[SORA_METADATA_KEY];
  if (!isRecord(sora) || !Array.isArray(sora.expandedDilation)) return [];
  const out: ExpandedDilation[] = [];
  for (const e of sora.expandedDilation) {
    if (!isRecord(e) || typeof e.layer !== 'string') continue;
    const kernelSize = pairValue(e.kernelSize, [0, 0]);
    const dilation = pairValue(e.dilation, [0, 0]);
    if (kernelSize && dilation && kernelSize[0] > 0 && dilation[0] > 0) out.push({ layer: e.layer, kernelSize, dilation });
  }
  return out;
}

/** userDefinedMetadata with Sora's expansion list replaced (dropped when empty; undefined when nothing is left). */
function withExpanded(userDefinedMetadata: unknown, list: ExpandedDilation[]): Json | undefined {
  const rest: Json = isRecord(userDefinedMetadata) ? { ...userDefinedMetadata } : {};
  const sora: Json = isRecord(rest[SORA_METADATA_KEY]) ? { ...(rest[SORA_METADATA_KEY] as Json) } : {};
  if (list.length > 0) sora.expandedDilation = list;
  else delete sora.expandedDilation;
  if (Object.keys(sora).length > 0) rest[SORA_METADATA_KEY] = sora;
  else delete rest[SORA_METADATA_KEY];
  return Object.keys(rest).length > 0 ? rest : undefined;
}

/**
 * Checks that the stored expanded kernel only has non-zero taps on the dilated grid, i.e. that it is the
 * zero-expansion of a (k, d) kernel (a model fine-tuned in its expanded form may no longer be).
 */
export function isDilatedExpansion(data: Float32Array, expandedShape: readonly number[], dilation: Pair): boolean {
  const [eh, ew, cin, dm] = expandedShape;
  const inner = cin * dm;
  for (let i = 0; i < eh; i++) {
    for (let j = 0; j < ew; j++) {
      if (i % dilation[0] === 0 && j % dilation[1] === 0) continue;
      const base = (i * ew + j) * inner;
      for (let t = 0; t < inner; t++) if (data[base + t] !== 0) return false;
    }
  }
  return true;
}

/** [kh, kw, cin, dm] kernel → [(kh−1)dh+1, (kw−1)dw+1, cin, dm], zeros between the taps. */
export function expandKernel(data: Float32Array, shape: readonly number[], dilation: Pair): { data: Float32Array; shape: number[] } {
  const [kh, kw, cin, dm] = shape;
  const eh = expandedSize(kh, dilation[0]);
  const ew = expandedSize(kw, dilation[1]);
  const inner = cin * dm;
  const out = new Float32Array(eh * ew * inner);
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      out.set(data.subarray((i * kw + j) * inner, (i * kw + j + 1) * inner), (i * dilation[0] * ew + j * dilation[1]) * inner);
    }
  }
  return { data: out, shape: [eh, ew, cin, dm] };
}

/** The inverse of expandKernel (taps between the dilated positions are dropped; check isDilatedExpansion first). */
export function contractKernel(
  data: Float32Array,
  expandedShape: readonly number[],
  kernelSize: Pair,
  dilation: Pair,
): { data: Float32Array; shape: number[] } {
  const [, ew, cin, dm] = expandedShape;
  const [kh, kw] = kernelSize;
  const inner = cin * dm;
  const out = new Float32Array(kh * kw * inner);
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const from = (i * dilation[0] * ew + j * dilation[1]) * inner;
      out.set(data.subarray(from, from + inner), (i * kw + j) * inner);
    }
  }
  return { data: out, shape: [kh, kw, cin, dm] };
}

function isKernelOf(specName: string, layer: string): boolean {
  const name = specName.replace(/:\d+$/, '');
  return name === `${layer}/depthwise_kernel` || name.endsWith(`/${layer}/depthwise_kernel`);
}

/** Rewrites the named kernels of an artifact (other weights keep their bytes, quantized or not). */
function rewriteKernels(
  artifact: TfjsArtifact,
  rewrite: Map<string, (data: Float32Array, shape: number[]) => { data: Float32Array; shape: number[] }>,
): { specs: WeightSpecEntry[]; data: Uint8Array } {
  const specs: WeightSpecEntry[] = [];
  const chunks: Uint8Array[] = [];
  const done = new Set<string>();
  let offset = 0;
  for (const spec of artifact.weightSpecs) {
    const len = entryByteLength(spec);
    const bytes = artifact.weightData.subarray(offset, offset + len);
    offset += len;
    const layer = [...rewrite.keys()].find((l) => isKernelOf(spec.name, l));
    if (layer === undefined) {
      specs.push(spec);
      chunks.push(bytes);
      continue;
    }
    if (done.has(layer)) throw new ExportInputError(`model.json names two depthwise kernels for layer '${layer}'`);
    done.add(layer);
    const next = (rewrite.get(layer) as (d: Float32Array, s: number[]) => { data: Float32Array; shape: number[] })(decodeWeightEntry(spec, bytes), [
      ...spec.shape,
    ]);
    specs.push({ name: spec.name, shape: next.shape, dtype: 'float32' });
    chunks.push(float32ToLeBytes(next.data));
  }
  if (offset !== artifact.weightData.byteLength) {
    throw new ExportInputError(`weight data has ${artifact.weightData.byteLength} bytes but the weight specs need ${offset} bytes`);
  }
  const missing = [...rewrite.keys()].filter((l) => !done.has(l));
  if (missing.length > 0)
    throw new ExportInputError(`layer '${missing[0]}' (DepthwiseConv2D) has no weight '${missing[0]}/depthwise_kernel' in the manifest`);
  return { specs, data: concatBytes(chunks) };
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * The artifact as stock tfjs computes it correctly: every dilated DepthwiseConv2D becomes an undilated one
 * with the zero-expanded kernel, recorded in userDefinedMetadata.sora. Everything else is returned as is.
 */
export function toStockTfjs(artifact: TfjsArtifact): TfjsArtifact {
  const topology = structuredClone(artifact.modelTopology);
  const expanded: ExpandedDilation[] = [];
  const rewrite = new Map<string, (data: Float32Array, shape: number[]) => { data: Float32Array; shape: number[] }>();
  for (const entry of layerEntries(topology)) {
    const cfg = entry.config as Json;
    if (entry.class_name !== 'DepthwiseConv2D' || !isChannelsLast(cfg)) continue;
    const name = entryName(entry);
    const dilation = pairValue(cfg.dilation_rate, [1, 1]);
    const kernelSize = pairValue(cfg.kernel_size, [0, 0]);
    if (!dilation || !kernelSize || (dilation[0] === 1 && dilation[1] === 1)) continue;
    if (kernelSize[0] === 0) throw new ExportInputError(`layer '${name}' (DepthwiseConv2D): config has no kernel_size`);
    cfg.kernel_size = [expandedSize(kernelSize[0], dilation[0]), expandedSize(kernelSize[1], dilation[1])];
    cfg.dilation_rate = [1, 1];
    expanded.push({ layer: name, kernelSize, dilation });
    rewrite.set(name, (data, shape) => {
      if (shape.length !== 4 || shape[0] !== kernelSize[0] || shape[1] !== kernelSize[1]) {
        throw new ExportInputError(
          `layer '${name}' (DepthwiseConv2D): depthwise kernel has shape [${shape.join(', ')}], expected [${kernelSize.join(', ')}, Cin, depth multiplier]`,
        );
      }
      return expandKernel(data, shape, dilation);
    });
  }
  if (expanded.length === 0) return artifact;
  const { specs, data } = rewriteKernels(artifact, rewrite);
  const metadata = withExpanded(artifact.userDefinedMetadata, [...expandedLayersOf(artifact.userDefinedMetadata), ...expanded]);
  return { modelTopology: topology, weightSpecs: specs, weightData: data, ...(metadata ? { userDefinedMetadata: metadata } : {}) };
}

/**
 * The inverse of toStockTfjs, driven by userDefinedMetadata.sora: the recorded DepthwiseConv2D layers get their
 * kernel size, dilation and (contracted) kernel back. A layer whose expanded kernel has non-zero taps between the
 * dilated positions stays undilated (it computes the same either way), with a warning.
 */
export function fromStockTfjs(artifact: TfjsArtifact): { artifact: TfjsArtifact; warnings: string[] } {
  const recorded = expandedLayersOf(artifact.userDefinedMetadata);
  if (recorded.length === 0) return { artifact, warnings: [] };
  const topology = structuredClone(artifact.modelTopology);
  const byName = new Map(layerEntries(topology).map((e) => [entryName(e), e]));
  const warnings: string[] = [];
  const rewrite = new Map<string, (data: Float32Array, shape: number[]) => { data: Float32Array; shape: number[] }>();
  const restore: { cfg: Json; e: ExpandedDilation }[] = [];
  for (const e of recorded) {
    const entry = byName.get(e.layer);
    const cfg = entry?.config as Json | undefined;
    const full: Pair = [expandedSize(e.kernelSize[0], e.dilation[0]), expandedSize(e.kernelSize[1], e.dilation[1])];
    const k = cfg ? pairValue(cfg.kernel_size, [0, 0]) : null;
    const d = cfg ? pairValue(cfg.dilation_rate, [1, 1]) : null;
    if (!entry || !cfg || entry.class_name !== 'DepthwiseConv2D' || !k || !d || !sameShape(k, full) || !sameShape(d, [1, 1])) {
      warnings.push(
        `model.json's sora metadata names layer '${e.layer}' as an expanded ${e.kernelSize.join('×')} dilation ${e.dilation.join('×')} DepthwiseConv2D, which the topology does not match; left as it is`,
      );
      continue;
    }
    rewrite.set(e.layer, (data, shape) => {
      if (shape.length !== 4 || shape[0] !== full[0] || shape[1] !== full[1]) {
        throw new ExportInputError(
          `layer '${e.layer}' (DepthwiseConv2D): depthwise kernel has shape [${shape.join(', ')}], expected [${full.join(', ')}, Cin, depth multiplier]`,
        );
      }
      if (!isDilatedExpansion(data, shape, e.dilation)) {
        warnings.push(
          `layer '${e.layer}' (DepthwiseConv2D): its ${full.join('×')} kernel has non-zero taps between the dilation-${e.dilation.join('×')} positions, so it stays an undilated ${full.join('×')} kernel (same outputs)`,
        );
        return { data, shape };
      }
      restore.push({ cfg, e });
      return contractKernel(data, shape, e.kernelSize, e.dilation);
    });
  }
  const { specs, data } = rewriteKernels(artifact, rewrite);
  for (const { cfg, e } of restore) {
    cfg.kernel_size = [...e.kernelSize];
    cfg.dilation_rate = [...e.dilation];
  }
  const metadata = withExpanded(artifact.userDefinedMetadata, []);
  return {
    artifact: { modelTopology: topology, weightSpecs: specs, weightData: data, ...(metadata ? { userDefinedMetadata: metadata } : {}) },
    warnings,
  };
}
