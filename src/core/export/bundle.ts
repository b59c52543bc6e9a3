/** Export entry point: artifact → files for one format, and zip bundling (fflate). */
import { zipSync } from 'fflate';
import type { TfjsArtifact } from './artifact';
import { ExportInputError } from './errors';
import { buildExportModel, type ExportModel } from './export-model';
import { exportKeras } from './keras-export';
import { exportPytorch } from './pytorch-export';
import { exportTfjs } from './tfjs-export';

export interface ExportFile {
  /** Relative path inside the export folder / zip. */
  path: string;
  data: Uint8Array;
}

export const EXPORT_FORMATS = ['tfjs', 'pytorch', 'keras'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export function isExportFormat(v: string): v is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(v);
}

export interface ExportResult {
  model: ExportModel;
  files: ExportFile[];
}

/** Checks the artifact (topology vs weights) and generates the files of `format`. Throws ExportInputError on bad input. */
export function exportArtifact(artifact: TfjsArtifact, format: ExportFormat): ExportResult {
  if (!isExportFormat(format)) throw new ExportInputError(`unknown export format '${String(format)}' (use ${EXPORT_FORMATS.join(', ')})`);
  const model = buildExportModel(artifact);
  const files = format === 'tfjs' ? exportTfjs(model) : format === 'pytorch' ? exportPytorch(model) : exportKeras(model);
  return { model, files };
}

/** One zip holding the files (deflated; binary weights stored at level 1 since they barely compress). */
export function zipExport(files: readonly ExportFile[], folder = ''): Uint8Array {
  const entries: Record<string, [Uint8Array, { level: 0 | 1 | 6 }]> = {};
  for (const f of files) {
    const binary = /\.(bin|safetensors|npz)$/.test(f.path);
    entries[folder ? `${folder}/${f.path}` : f.path] = [f.data, { level: binary ? 1 : 6 }];
  }
  return zipSync(entries);
}
