/**
 * The one model.json builder for every tfjs model that leaves the app (Export menu, the Train tab's
 * "Export tfjs model", `cli export --format tfjs`, `cli train --out`): the artifact in its stock-tfjs form
 * (see export/stock-tfjs.ts), one manifest group, weights in weights.bin.
 */
import type { ModelJson, TfjsArtifact } from '../export/artifact';
import { toStockTfjs } from '../export/stock-tfjs';

/** model.json text + weights.bin bytes. */
export interface TfjsModelFiles {
  modelJson: string;
  weightsBin: Uint8Array;
}

/** model.json + weights.bin that stock `tf.loadLayersModel` loads and that computes what the app computes. */
export function tfjsModelFiles(artifact: TfjsArtifact, generatedBy: string): TfjsModelFiles {
  const stock = toStockTfjs(artifact);
  const json: ModelJson = {
    format: 'layers-model',
    generatedBy,
    convertedBy: null,
    modelTopology: stock.modelTopology,
    weightsManifest: [{ paths: ['weights.bin'], weights: stock.weightSpecs.map((w) => ({ ...w, shape: [...w.shape] })) }],
    ...(stock.userDefinedMetadata ? { userDefinedMetadata: stock.userDefinedMetadata } : {}),
  };
  return { modelJson: JSON.stringify(json), weightsBin: stock.weightData };
}
