/** Export entry point: artifact → files for one format, and zip bundling (fflate). */
import { zipSync } from 'fflate';
import type { TfjsArtifact } from './artifact';
import { ExportInputError } from './errors';
import { buildExportModel, type ExportModel } from './export-model';
import { exportOnnxFiles } from '../onnx/export/export-onnx';
import { exportKeras } from './keras-export';
import { exportPytorch } from './pytorch-export';
import { exportTfjs } from './tfjs-export';
import type { TrainingRecipe } from './training-recipe';

export interface ExportFile {
  /** Relative path inside the export folder / zip. */
  path: string;
  data: Uint8Array;
}

export const EXPORT_FORMATS = ['tfjs', 'pytorch', 'keras', 'onnx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export function isExportFormat(v: string): v is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(v);
}

export interface ExportResult {
  model: ExportModel;
  files: ExportFile[];
}

const EXPORTERS: Record<ExportFormat, (model: ExportModel, options: ExportOptions) => ExportFile[]> = {
  tfjs: exportTfjs,
  pytorch: (model, options) => exportPytorch(model, options.recipe),
  keras: (model, options) => exportKeras(model, options.recipe),
  onnx: exportOnnxFiles,
};

export interface ExportOptions {
  /** The training settings of the run being exported: the defaults of the bundles' train.py (app defaults when absent). */
  recipe?: TrainingRecipe;
}

/** Checks the artifact (topology vs weights) and generates the files of `format`. Throws ExportInputError on bad input. */
export function exportArtifact(artifact: TfjsArtifact, format: ExportFormat, options: ExportOptions = {}): ExportResult {
  if (!isExportFormat(format)) throw new ExportInputError(`unknown export format '${String(format)}' (use ${EXPORT_FORMATS.join(', ')})`);
  const model = buildExportModel(artifact);
  const files = EXPORTERS[format](model, options);
  return { model, files };
}

/** One zip holding the files (deflated; binary weights stored at level 1 since they barely compress). */
export function zipExport(files: readonly ExportFile[], folder = ''): Uint8Array {
  const entries: Record<string, [Uint8Array, { level: 0 | 1 | 6 }]> = {};
  for (const f of files) {
    const binary = /\.(bin|safetensors|npz|onnx)$/.test(f.path);
    entries[folder ? `${folder}/${f.path}` : f.path] = [f.data, { level: binary ? 1 : 6 }];
  }
  return zipSync(entries);
}
