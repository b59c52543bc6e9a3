/**
 * Reading a tfjs layers artifact (model.json + the weight files its manifest names) purely in TS.
 * The result keeps the raw topology JSON and one Float32Array per manifest entry.
 */
import { isRecord } from '../keras/json';
import { modelConfigOf } from '../keras/reader/model-config';
import { ExportInputError } from './errors';
import { decodeWeightEntry, entryByteLength, type WeightSpecEntry } from './weight-decode';

export type { WeightSpecEntry } from './weight-decode';

export interface WeightsManifestGroup {
  paths: string[];
  weights: WeightSpecEntry[];
}

/** The parsed model.json of a tfjs layers model. */
export interface ModelJson {
  modelTopology: Record<string, unknown>;
  weightsManifest: WeightsManifestGroup[];
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  /** model.json's free-form metadata (tfjs keeps it, `model.getUserDefinedMetadata()`); Sora's lives under `sora`. */
  userDefinedMetadata?: Record<string, unknown>;
}

/** One decoded weight tensor (row-major, Keras layout). */
export interface WeightTensor {
  name: string;
  shape: number[];
  data: Float32Array;
}

/** In-memory artifact, the same split tfjs' `ModelArtifacts` uses (topology + flat specs + one byte buffer). */
export interface TfjsArtifact {
  modelTopology: Record<string, unknown>;
  weightSpecs: WeightSpecEntry[];
  weightData: Uint8Array;
  userDefinedMetadata?: Record<string, unknown>;
}

export { ExportInputError };

function parseSpec(raw: unknown, where: string): WeightSpecEntry {
  if (!isRecord(raw) || typeof raw.name !== 'string' || !Array.isArray(raw.shape)) {
    throw new ExportInputError(`model.json: ${where} is not a weight entry {name, shape, dtype}`);
  }
  const shape = raw.shape.map((d) => {
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) {
      throw new ExportInputError(`model.json: weight '${raw.name}' has an invalid shape ${JSON.stringify(raw.shape)}`);
    }
    return d;
  });
  const dtype = typeof raw.dtype === 'string' ? raw.dtype : 'float32';
  const spec: WeightSpecEntry = { name: raw.name, shape, dtype };
  if (isRecord(raw.quantization)) {
    const q = raw.quantization;
    if (q.dtype !== 'uint8' && q.dtype !== 'uint16' && q.dtype !== 'float16') {
      throw new ExportInputError(`model.json: weight '${raw.name}' uses unsupported quantization ${JSON.stringify(q.dtype)}`);
    }
    spec.quantization = {
      dtype: q.dtype,
      ...(typeof q.scale === 'number' ? { scale: q.scale } : {}),
      ...(typeof q.min === 'number' ? { min: q.min } : {}),
    };
  }
  return spec;
}

/** Parses and structurally checks model.json text. */
export function parseModelJson(text: string): ModelJson {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ExportInputError(`model.json is not valid JSON: ${(e as Error).message}`);
  }
  if (!isRecord(raw)) throw new ExportInputError('model.json must be a JSON object');
  const topology = isRecord(raw.modelTopology) ? modelConfigOf(raw.modelTopology) : raw.modelTopology;
  if (!isRecord(topology) || typeof topology.class_name !== 'string') {
    throw new ExportInputError('model.json has no modelTopology (is this a tfjs layers model? graph models cannot be exported)');
  }
  if (!Array.isArray(raw.weightsManifest)) {
    throw new ExportInputError('model.json has no weightsManifest (the model carries no weights; train and save it first)');
  }
  const weightsManifest = raw.weightsManifest.map((g, gi): WeightsManifestGroup => {
    if (!isRecord(g) || !Array.isArray(g.paths) || !Array.isArray(g.weights)) {
      throw new ExportInputError(`model.json: weightsManifest[${gi}] must have 'paths' and 'weights' arrays`);
    }
    const paths = g.paths.map((p) => {
      if (typeof p !== 'string') throw new ExportInputError(`model.json: weightsManifest[${gi}].paths has a non-string entry`);
      return p;
    });
    return { paths, weights: g.weights.map((w, wi) => parseSpec(w, `weightsManifest[${gi}].weights[${wi}]`)) };
  });
  return {
    modelTopology: topology,
    weightsManifest,
    ...(typeof raw.format === 'string' ? { format: raw.format } : {}),
    ...(typeof raw.generatedBy === 'string' ? { generatedBy: raw.generatedBy } : {}),
    ...(isRecord(raw.userDefinedMetadata) ? { userDefinedMetadata: raw.userDefinedMetadata } : {}),
  };
}

/**
 * Resolves the manifest's weight files through `readFile` (paths relative to model.json) and joins them into one
 * artifact. Missing files and byte-length mismatches raise ExportInputError naming the file.
 */
export function assembleArtifact(model: ModelJson, readFile: (relPath: string) => Uint8Array | null): TfjsArtifact {
  const specs: WeightSpecEntry[] = [];
  const chunks: Uint8Array[] = [];
  for (const group of model.weightsManifest) {
    const groupChunks: Uint8Array[] = [];
    for (const p of group.paths) {
      const bytes = readFile(p);
      if (bytes === null) throw new ExportInputError(`weights file '${p}' named in model.json was not found`);
      groupChunks.push(bytes);
    }
    const have = groupChunks.reduce((s, c) => s + c.byteLength, 0);
    const need = group.weights.reduce((s, w) => s + entryByteLength(w), 0);
    if (have !== need) {
      throw new ExportInputError(
        `weights file${group.paths.length > 1 ? 's' : ''} '${group.paths.join("', '")}' ${group.paths.length > 1 ? 'have' : 'has'} ` +
          `${have} bytes but model.json's manifest needs ${need} bytes for ${group.weights.length} weights`,
      );
    }
    specs.push(...group.weights);
    chunks.push(...groupChunks);
  }
  return {
    modelTopology: model.modelTopology,
    weightSpecs: specs,
    weightData: concatBytes(chunks),
    ...(model.userDefinedMetadata ? { userDefinedMetadata: model.userDefinedMetadata } : {}),
  };
}

export function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  const total = chunks.reduce((s, c) => s + c.byteLength, 0);
  const out = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.byteLength;
  }
  return out;
}

/** Decodes every manifest entry into a float32 tensor, keyed by the (':0'-stripped) weight name. */
export function decodeWeights(artifact: TfjsArtifact): Map<string, WeightTensor> {
  const need = artifact.weightSpecs.reduce((s, w) => s + entryByteLength(w), 0);
  if (need !== artifact.weightData.byteLength) {
    throw new ExportInputError(`weight data has ${artifact.weightData.byteLength} bytes but the weight specs need ${need} bytes`);
  }
  const out = new Map<string, WeightTensor>();
  let offset = 0;
  for (const spec of artifact.weightSpecs) {
    const len = entryByteLength(spec);
    const data = decodeWeightEntry(spec, artifact.weightData.subarray(offset, offset + len));
    offset += len;
    const name = normalizeWeightName(spec.name);
    if (out.has(name)) throw new ExportInputError(`model.json names weight '${spec.name}' twice`);
    out.set(name, { name, shape: [...spec.shape], data });
  }
  return out;
}

export function normalizeWeightName(name: string): string {
  return name.replace(/:\d+$/, '');
}
