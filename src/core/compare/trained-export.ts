import { assembleArtifact, exportArtifact, parseModelJson, zipExport, type ExportFile, type ExportFormat } from '../export/index';
import type { Design } from '../graph/types';
import { fileStem } from './file-stem';
import { tfjsModelFiles } from '../keras/model-json';
import { designToKerasModelConfig } from '../keras/topology-writer';
import type { TrainingRecipe } from '../export/training-recipe';

/** tfjs weight spec as stored with a run (model.save's weightSpecs). */
export interface StoredWeightSpec {
  name: string;
  shape: number[];
  dtype: string;
}

/** model.json + weights.bin of a trained model, as the worker's `export` answer or `cli train --out` writes them. */
export interface ModelFiles {
  modelJson: string;
  weightsBin: Uint8Array;
}

/**
 * Rebuilds model.json for weights saved with a run: the topology is the run's design compiled the same
 * way the trainer compiles it (designToKerasModelConfig), the manifest is the stored weight specs; written in
 * the stock-tfjs form every exported model.json has (tfjsModelFiles).
 */
export function modelFilesFromStoredWeights(
  design: Design,
  weightSpecs: readonly StoredWeightSpec[],
  weightData: ArrayBuffer | Uint8Array,
): ModelFiles {
  const artifact = {
    modelTopology: designToKerasModelConfig(design) as unknown as Record<string, unknown>,
    weightSpecs: weightSpecs.map((w) => ({ name: w.name, shape: [...w.shape], dtype: w.dtype })),
    weightData: weightData instanceof Uint8Array ? weightData : new Uint8Array(weightData),
  };
  return tfjsModelFiles(artifact, 'Sora Designer');
}

/**
 * The files of one export format for trained model files (checked by the exporter; throws ExportInputError naming
 * the problem). `recipe`: the run's training settings, the defaults of the Python bundles' train.py.
 */
export function trainedExportFiles(files: ModelFiles, format: ExportFormat, recipe?: TrainingRecipe): ExportFile[] {
  const model = parseModelJson(files.modelJson);
  const artifact = assembleArtifact(model, (p) => (p === 'weights.bin' ? files.weightsBin : null));
  return exportArtifact(artifact, format, { recipe }).files;
}

export { fileStem };

/** One zip of an export format, files under a folder named `${stem}-${format}`. */
export function trainedExportZip(
  files: ModelFiles,
  format: ExportFormat,
  variantName: string,
  recipe?: TrainingRecipe,
): { fileName: string; zip: Uint8Array } {
  const folder = `${fileStem(variantName)}-${format}`;
  return { fileName: `${folder}.zip`, zip: zipExport(trainedExportFiles(files, format, recipe), folder) };
}
