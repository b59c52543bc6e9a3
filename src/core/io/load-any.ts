import type { Design } from '../graph/types';
import type { ImportedWeight } from '../onnx/import/weight-layout';
import { describeBinaryText } from './binary-sniff';
import { DESIGN_FILE_FORMAT, designFromJson } from './design-file';
import { importKerasModel } from '../keras/import/import-keras-model';
import { isRecord, parseJsonText } from './json-text';
import { errorMessage } from '../result';

export type LoadedFile =
  | {
      ok: true;
      design: Design;
      source: 'design' | 'keras' | 'onnx' | 'pytorch';
      warnings: string[];
      /** ONNX and PyTorch (.safetensors) imports: the model's weights in the compiled design's layout (`${block}/kernel`, …). */
      weights?: ImportedWeight[];
    }
  | { ok: false; error: string };

/** True when the JSON value looks like a Keras / tfjs model (or a file the importer explains). */
function looksLikeModel(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0 && v.every((g) => isRecord(g) && 'weights' in g); // weights manifest
  if (!isRecord(v)) return false;
  return ['modelTopology', 'weightsManifest', 'model_config', 'class_name'].some((k) => k in v) || v.format === 'graph-model';
}

/**
 * Loads a Sora design file or imports a Keras/tfjs layers model, detecting which it is.
 * Errors name the file and the problem.
 */
export function loadDesignOrModel(text: string, fileName?: string): LoadedFile {
  const who = fileName ? `${fileName}: ` : '';
  const binary = describeBinaryText(text);
  if (binary) return { ok: false, error: `${who}this looks like ${binary}, not a design file (.sora.json) or a Keras/tfjs model (model.json)` };
  const json = parseJsonText(text);
  if (!json.ok) return { ok: false, error: `${who}${json.error}` };
  const v = json.value;
  if (isRecord(v) && (v.format === DESIGN_FILE_FORMAT || ('blocks' in v && 'edges' in v))) {
    const r = designFromJson(v, fileName);
    return r.ok ? { ok: true, design: r.design, source: 'design', warnings: [] } : r;
  }
  if (looksLikeModel(v)) {
    const r = importKerasModel(v, fileName);
    return r.ok ? { ok: true, design: r.design, source: 'keras', warnings: r.warnings } : r;
  }
  return {
    ok: false,
    error: `${who}not a Sora design (.sora.json) or a Keras/tfjs model (model.json): no "format": "${DESIGN_FILE_FORMAT}", "modelTopology" or "class_name" found`,
  };
}

/**
 * True for an ONNX model: a `.onnx` name, or (any name) bytes that start like a serialized ModelProto
 * (field 1, ir_version, as torch.onnx.export writes first) rather than JSON text.
 */
export function looksLikeOnnx(bytes: Uint8Array, fileName?: string): boolean {
  if (fileName && /\.onnx$/i.test(fileName)) return true;
  return bytes.length > 2 && bytes[0] === 0x08 && bytes[1] < 0x80;
}

/**
 * Loads a file's bytes: an ONNX model (imported with its weights; the importer is loaded on demand so the
 * page bundle does not carry the protobuf code), else a design / Keras / tfjs JSON file as loadDesignOrModel.
 */
export async function loadDesignOrModelBytes(bytes: Uint8Array, fileName?: string): Promise<LoadedFile> {
  const { looksLikeSafetensors } = await import('../export/torch-weights-import');
  if (looksLikeSafetensors(bytes, fileName)) return loadTorchSafetensors(bytes, fileName);
  if (looksLikeOnnx(bytes, fileName)) {
    const { importOnnxModel } = await import('../onnx/import/import-onnx-model');
    const r = importOnnxModel(bytes, fileName);
    return r.ok ? { ok: true, design: r.design, source: 'onnx', warnings: r.warnings, weights: r.weights } : r;
  }
  return loadDesignOrModel(new TextDecoder().decode(bytes), fileName);
}

/**
 * A safetensors file written by a Sora PyTorch export or its train.py: the topology in its metadata becomes the
 * design (as a Keras import), its tensors the variant's weights (converted back to Keras layouts).
 */
async function loadTorchSafetensors(bytes: Uint8Array, fileName?: string): Promise<LoadedFile> {
  const { openTorchSafetensors } = await import('../export/torch-weights-import');
  const who = fileName ?? 'weights.safetensors';
  let opened: ReturnType<typeof openTorchSafetensors>;
  try {
    opened = openTorchSafetensors(bytes, who);
  } catch (e) {
    const message = errorMessage(e);
    return { ok: false, error: message.startsWith(`${who}: `) ? message : `${who}: ${message}` };
  }
  const r = importKerasModel({ modelTopology: opened.topology }, fileName);
  return r.ok ? { ok: true, design: r.design, source: 'pytorch', warnings: r.warnings, weights: opened.weights } : r;
}
