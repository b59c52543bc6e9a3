/** tf.LayersModel → the exporter's in-memory artifact (topology + weight specs + bytes), without touching disk. */
import * as tf from '@tensorflow/tfjs';
import type { ModelJson, TfjsArtifact } from '../../core/export/artifact';
import { concatBytes } from '../../core/export/artifact';

function weightBytes(data: tf.io.WeightData | undefined): Uint8Array {
  if (data === undefined) return new Uint8Array(0);
  const parts = Array.isArray(data) ? data : [data];
  return concatBytes(parts.map((b) => new Uint8Array(b)));
}

export async function artifactFromModel(model: tf.LayersModel): Promise<TfjsArtifact> {
  let captured: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      captured = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const a = captured as tf.io.ModelArtifacts | null;
  if (!a || !a.modelTopology || a.modelTopology instanceof ArrayBuffer) throw new Error('model.save produced no JSON topology');
  return {
    modelTopology: a.modelTopology as Record<string, unknown>,
    weightSpecs: (a.weightSpecs ?? []).map((s) => ({ name: s.name, shape: [...s.shape], dtype: s.dtype })),
    weightData: weightBytes(a.weightData),
  };
}

/** model.json text + weights.bin bytes, as `cli train --out DIR` writes them. */
export async function modelFilesFromModel(model: tf.LayersModel): Promise<{ modelJson: string; weightsBin: Uint8Array }> {
  const a = await artifactFromModel(model);
  const json: ModelJson = {
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
    convertedBy: null,
    modelTopology: a.modelTopology,
    weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs }],
  };
  return { modelJson: JSON.stringify(json), weightsBin: a.weightData };
}
