/** tf.LayersModel → the exporter's in-memory artifact (topology + weight specs + bytes), without touching disk. */
import * as tf from '@tensorflow/tfjs';
import type { TfjsArtifact } from '../../core/export/artifact';
import { concatBytes } from '../../core/export/artifact';
import { tfjsModelFiles, type TfjsModelFiles } from '../../core/keras/model-json';

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

/**
 * model.json text + weights.bin bytes as they leave the app (`cli train --out DIR`, the Train tab's export): in the
 * form stock tfjs computes correctly (dilated DepthwiseConv2D expanded, see core/export/stock-tfjs.ts).
 */
export async function modelFilesFromModel(model: tf.LayersModel): Promise<TfjsModelFiles> {
  return tfjsModelFiles(await artifactFromModel(model), `TensorFlow.js tfjs-layers v${tf.version_layers}`);
}
