import {
  buildComparisonRows,
  comparisonTable,
  fileStem,
  layersTable,
  renderGraphSvg,
  toCsv,
  toMarkdown,
  type ModelFiles,
} from '../../core/compare/index';
import type { ExportFormat } from '../../core/export/index';
import { analyzeDesign } from '../../core/graph/analyze';
import { serializeDesign } from '../../core/io/design-file';
import { loadRunWeights, type RunRecord } from '../../state/persistence/runs-db';
import { useAppStore } from '../../state/store';
import type { Variant } from '../../state/types';
import { downloadData, MIME } from './download-bytes';

/** How long to wait for the worker's export before falling back to the saved weights. */
const WORKER_EXPORT_TIMEOUT_MS = 15_000;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer from the training worker in ${ms / 1000} s`)), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/** The exporters (tfjs, PyTorch, Keras, ONNX with its protobuf code) load on first use, outside the main bundle. */
function loadExporters(): Promise<typeof import('../../core/compare/trained-export')> {
  return import('../../core/compare/trained-export');
}

/**
 * The trained model files of a run: from the worker while it still holds the live run's model
 * (`exportRun`), else rebuilt from the weights saved with the run in IndexedDB.
 */
export async function loadModelFiles(run: RunRecord): Promise<ModelFiles> {
  const s = useAppStore.getState();
  if (s.liveRun?.id === run.id && s.liveRun.hasWeights) {
    try {
      const r = await withTimeout(s.exportRun(), WORKER_EXPORT_TIMEOUT_MS);
      return { modelJson: r.modelJson, weightsBin: new Uint8Array(r.weightsBin) };
    } catch {
      // The worker may have been restarted: fall back to the saved weights.
    }
  }
  const weights = await loadRunWeights(run.id);
  if (!weights) throw new Error(`The weights of run ${run.id} were not saved (train the variant again).`);
  const { modelFilesFromStoredWeights } = await loadExporters();
  return modelFilesFromStoredWeights(run.design, weights.weightSpecs, weights.weightData);
}

/**
 * Downloads the run's trained model in one format — ONNX as its single `.onnx` file, the others as a zip;
 * returns the file name.
 */
export async function downloadTrainedExport(run: RunRecord, variantName: string, format: ExportFormat): Promise<string> {
  const files = await loadModelFiles(run);
  const { trainedExportFiles, trainedExportZip } = await loadExporters();
  if (format === 'onnx') {
    const [onnxFile] = trainedExportFiles(files, 'onnx');
    const fileName = `${fileStem(variantName)}.onnx`;
    downloadData(fileName, onnxFile.data, MIME.onnx);
    return fileName;
  }
  // The run's training settings become the defaults of the Python bundles' train.py.
  const { fileName, zip } = trainedExportZip(files, format, variantName, run.config);
  downloadData(fileName, zip, MIME.zip);
  return fileName;
}

export function downloadDesignFile(v: Variant): string {
  const fileName = `${fileStem(v.name)}.sora.json`;
  downloadData(fileName, serializeDesign({ ...v.design, name: v.name }), MIME.json);
  return fileName;
}

export function downloadLayers(v: Variant, format: 'csv' | 'md'): string {
  const table = layersTable(analyzeDesign(v.design));
  const fileName = `${fileStem(v.name)}-layers.${format}`;
  downloadData(fileName, format === 'csv' ? toCsv(table) : toMarkdown(table), format === 'csv' ? MIME.csv : MIME.markdown);
  return fileName;
}

export function downloadGraphSvg(v: Variant): string {
  const fileName = `${fileStem(v.name)}-graph.svg`;
  downloadData(fileName, renderGraphSvg({ ...v.design, name: v.name }), MIME.svg);
  return fileName;
}

/** Summary of every variant (costs plus the results of its representative run), as in the Compare table. */
export function downloadSummary(variants: readonly Variant[], runs: readonly RunRecord[], format: 'csv' | 'md'): string {
  const table = comparisonTable(buildComparisonRows(variants, runs));
  const fileName = `variants-summary.${format}`;
  downloadData(fileName, format === 'csv' ? toCsv(table) : toMarkdown(table), format === 'csv' ? MIME.csv : MIME.markdown);
  return fileName;
}
