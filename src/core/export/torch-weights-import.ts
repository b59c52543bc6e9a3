/**
 * PyTorch weights back into the app's world: a PyTorch bundle's `sora-model.json` (the topology and weight
 * manifest it was generated from) + a safetensors state dict (e.g. what train.py wrote) → a stock tfjs model.json
 * + weights.bin (what `cli stats/export` and the app open). The inverse of pytorch-codegen / torch-layers' layouts.
 */
import { assembleArtifact, concatBytes, decodeWeights, parseModelJson, type TfjsArtifact } from './artifact';
import { ExportInputError } from './errors';
import { buildExportModel, type ExportLayer, type ExportModel } from './export-model';
import { pythonIdentifiers } from './python-names';
import { decodeSafetensors, type SafeTensor } from './safetensors';
import { tfjsModelFiles, type TfjsModelFiles } from '../keras/model-json';
import { permute } from './torch-layout';
import { entryByteLength, float32ToLeBytes } from './weight-decode';

/** The PyTorch bundle file holding the exported model's topology and weight manifest (no weight data). */
export const BUNDLE_MODEL_FILE = 'sora-model.json';

/** `sora-model.json` for an exported model: its (repaired) topology and float32 weight manifest. */
export function bundleModelJson(model: ExportModel): string {
  return JSON.stringify({
    format: 'layers-model',
    generatedBy: 'Sora Designer (PyTorch bundle topology; weights live in weights.safetensors)',
    modelTopology: model.topology,
    weightsManifest: [{ paths: ['weights.bin'], weights: model.manifestWeights.map((w) => ({ name: w.name, shape: w.shape, dtype: 'float32' })) }],
  });
}

/** Torch tensor → Keras layout for one weight of `layer` (`key`: kernel, bias, gamma, …). */
function kerasTensor(layer: ExportLayer, key: string, get: (suffix: string) => SafeTensor): Float32Array {
  const f32 = (t: SafeTensor): Float32Array => {
    if (!(t.data instanceof Float32Array)) throw new ExportInputError(`a ${layer.className} weight of '${layer.name}' is not float32`);
    return t.data;
  };
  const conv = (t: SafeTensor) => permute(f32(t), t.shape, [2, 3, 1, 0]).data; // [O, I, kh, kw] → [kh, kw, I, O]
  const depthwise = (t: SafeTensor, dm: number) => {
    const [cm, , kh, kw] = t.shape;
    return permute(f32(t), [cm / dm, dm, kh, kw], [2, 3, 0, 1]).data; // [C·m, 1, kh, kw] → [kh, kw, C, m]
  };
  const dm = (): number => {
    const w = layer.weights.find((x) => x.key === 'depthwise_kernel');
    return w ? w.tensor.shape[3] : 1;
  };
  switch (layer.className) {
    case 'Conv2D':
      return key === 'kernel' ? conv(get('weight')) : f32(get('bias'));
    case 'DepthwiseConv2D':
      return key === 'depthwise_kernel' ? depthwise(get('weight'), dm()) : f32(get('bias'));
    case 'SeparableConv2D':
      if (key === 'depthwise_kernel') return depthwise(get('depthwise.weight'), dm());
      return key === 'pointwise_kernel' ? conv(get('pointwise.weight')) : f32(get('pointwise.bias'));
    case 'Dense': {
      if (key !== 'kernel') return f32(get('bias'));
      const t = get('weight');
      return permute(f32(t), t.shape, [1, 0]).data;
    }
    case 'BatchNormalization': {
      const torchKey = ({ gamma: 'weight', beta: 'bias', moving_mean: 'running_mean', moving_variance: 'running_var' } as Record<string, string>)[
        key
      ];
      return f32(get(torchKey));
    }
    default:
      throw new ExportInputError(`no PyTorch weight mapping for layer class '${layer.className}'`);
  }
}

/**
 * Replaces the weights of the model described by `sora-model.json` text with those of a safetensors state dict
 * (keys as model.py names them); every tensor must be present with the expected size.
 */
export function importTorchWeights(
  modelJsonText: string,
  safetensors: Uint8Array,
  generatedBy = 'Sora Designer (weights from PyTorch)',
): TfjsModelFiles {
  return tfjsModelFiles(torchStateAsArtifact(modelJsonText, decodeSafetensors(safetensors).tensors), generatedBy);
}

/** Metadata key of a Sora safetensors file holding its model's sora-model.json (so the file opens on its own). */
export const SAFETENSORS_MODEL_KEY = 'sora_model';

/** True for bytes that start like a safetensors file (little-endian u64 header length, then a JSON object). */
export function looksLikeSafetensors(bytes: Uint8Array, fileName?: string): boolean {
  if (fileName && /\.safetensors$/i.test(fileName)) return true;
  return bytes.length > 9 && bytes[6] === 0 && bytes[7] === 0 && bytes[8] === 0x7b;
}

/**
 * A Sora safetensors file on its own (the PyTorch bundle's weights.safetensors, or what its train.py wrote): the
 * Keras topology from its metadata and its weights in the app's Keras layout, named `${layer}/${weight}`.
 */
export function openTorchSafetensors(
  bytes: Uint8Array,
  fileName = 'weights.safetensors',
): { topology: Record<string, unknown>; weights: { name: string; shape: number[]; values: Float32Array }[] } {
  const { tensors, metadata } = decodeSafetensors(bytes);
  const text = metadata[SAFETENSORS_MODEL_KEY];
  if (!text) {
    throw new ExportInputError(
      `${fileName}: no Sora model topology in its metadata; only weights written by a Sora Designer PyTorch export or its train.py open here (for other bundles use 'cli import-torch' with the bundle folder)`,
    );
  }
  const artifact = torchStateAsArtifact(text, tensors);
  const weights = decodeWeights(artifact);
  return { topology: artifact.modelTopology, weights: [...weights.values()].map((w) => ({ name: w.name, shape: w.shape, values: w.data })) };
}

function torchStateAsArtifact(modelJsonText: string, tensors: Map<string, SafeTensor>): TfjsArtifact {
  const json = parseModelJson(modelJsonText);
  const zeros = assembleArtifact(json, (p) => {
    const group = json.weightsManifest.find((g) => g.paths.includes(p));
    return group ? new Uint8Array(group.weights.reduce((s, w) => s + entryByteLength(w), 0)) : null;
  });
  const model = buildExportModel(zeros);
  const ids = pythonIdentifiers(model.layers.map((l) => l.name));
  const values = new Map<string, Float32Array>();
  for (const layer of model.layers) {
    const attr = ids.get(layer.name)!;
    for (const { key, tensor } of layer.weights) {
      const get = (suffix: string): SafeTensor => {
        const t = tensors.get(`${attr}.${suffix}`);
        if (!t)
          throw new ExportInputError(
            `the safetensors file has no tensor '${attr}.${suffix}' (layer '${layer.name}' ${key}); is it from this bundle's model.py?`,
          );
        return t;
      };
      const data = kerasTensor(layer, key, get);
      if (data.length !== tensor.data.length) {
        throw new ExportInputError(
          `'${attr}' (layer '${layer.name}' ${key}) has ${data.length} values; the model needs ${tensor.data.length} [${tensor.shape.join(', ')}]`,
        );
      }
      values.set(tensor.name, data);
    }
  }
  return {
    modelTopology: model.topology,
    weightSpecs: model.manifestWeights.map((w) => ({ name: w.name, shape: [...w.shape], dtype: 'float32' })),
    weightData: concatBytes(model.manifestWeights.map((w) => float32ToLeBytes(values.get(w.name)!))),
  };
}
