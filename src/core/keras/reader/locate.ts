import { expandedLayersOf, type ExpandedDilation } from '../../export/stock-tfjs';
import { isRecord } from '../json';
import { modelConfigOf } from './model-config';

/** A Keras model config located inside whatever wrapper the file used. */
export interface LocatedModel {
  className: string;
  config: unknown;
  /** Weight shapes by name from a tfjs weightsManifest (empty when the file has none). */
  weightShapes: Map<string, number[]>;
  /** Describes the wrapper, e.g. "tfjs layers model.json", for messages. */
  container: string;
  /** Dilated DepthwiseConv2D layers a Sora export wrote undilated for stock tfjs (userDefinedMetadata.sora). */
  expandedDilations: ExpandedDilation[];
}

export type Locate = { ok: true; model: LocatedModel } | { ok: false; error: string };

const GRAPH_MODEL =
  'is a TensorFlow graph model (frozen graph), not a Keras/layers model; convert it from the Keras/SavedModel source with tensorflowjs_converter --output_format=tfjs_layers_model';

function isWeightsManifest(v: unknown): boolean {
  return Array.isArray(v) && v.length > 0 && v.every((g) => isRecord(g) && Array.isArray(g.paths) && Array.isArray(g.weights));
}

function readManifest(v: unknown): Map<string, number[]> {
  const shapes = new Map<string, number[]>();
  if (!Array.isArray(v)) return shapes;
  for (const group of v) {
    if (!isRecord(group) || !Array.isArray(group.weights)) continue;
    for (const w of group.weights) {
      if (isRecord(w) && typeof w.name === 'string' && Array.isArray(w.shape)) {
        shapes.set(
          w.name,
          w.shape.map((n) => Number(n)),
        );
      }
    }
  }
  return shapes;
}

/** Finds the {class_name, config} model description in tfjs / Keras JSON of any supported shape. */
export function locateModel(json: unknown): Locate {
  if (isWeightsManifest(json)) return { ok: false, error: 'has no modelTopology: it holds only weights (a weights manifest)' };
  if (!isRecord(json)) return { ok: false, error: 'is not a Keras/tfjs model: expected a JSON object' };
  if (json.format === 'graph-model') return { ok: false, error: GRAPH_MODEL };

  let container = 'Keras model JSON';
  let topology: unknown = json;
  let weightShapes = new Map<string, number[]>();
  let expandedDilations: ExpandedDilation[] = [];
  if ('modelTopology' in json || 'weightsManifest' in json) {
    container = 'tfjs layers model.json';
    weightShapes = readManifest(json.weightsManifest);
    expandedDilations = expandedLayersOf(json.userDefinedMetadata);
    if (json.modelTopology === undefined || json.modelTopology === null) {
      return { ok: false, error: 'has no modelTopology: it holds only weights' };
    }
    topology = json.modelTopology;
    if (typeof topology === 'string') {
      try {
        topology = JSON.parse(topology) as unknown;
      } catch {
        return { ok: false, error: 'has a modelTopology string that is not JSON' };
      }
    }
  }
  if (!isRecord(topology)) return { ok: false, error: 'has a modelTopology that is not a JSON object' };
  if ('node' in topology || 'versions' in topology || 'library' in topology) return { ok: false, error: GRAPH_MODEL };
  if (isRecord(topology.model_config)) container += ' (model_config)';
  const model = modelConfigOf(topology);
  if (typeof model.class_name !== 'string') {
    if (isWeightsManifest(json.weightsManifest) && Object.keys(model).length === 0) {
      return { ok: false, error: 'has no modelTopology: it holds only weights' };
    }
    return { ok: false, error: 'is not a Keras/tfjs model: no "class_name" in the model topology' };
  }
  return { ok: true, model: { className: model.class_name, config: model.config, weightShapes, container, expandedDilations } };
}
