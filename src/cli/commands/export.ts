/**
 * `cli export <model.json> --format tfjs|pytorch|keras|onnx --out DIR [--zip]`
 * Reads a trained tfjs layers model (model.json + the weight files its manifest names) and writes the export.
 */
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { assembleArtifact, parseModelJson } from '../../core/export/artifact';
import { EXPORT_FORMATS, exportArtifact, isExportFormat, zipExport, type ExportFormat } from '../../core/export/bundle';
import { ExportInputError } from '../../core/export/errors';
import { parseRecipe, TRAIN_CONFIG_FILE, type TrainingRecipe } from '../../core/export/training-recipe';

const USAGE = `usage: cli export <model.json> --format ${EXPORT_FORMATS.join('|')} --out DIR [--zip]
  tfjs     model.json + weights.bin (one manifest group)
  pytorch  model.py (class SoraNet) + weights.safetensors + load.py + README.txt
  keras    keras_model.py (tf.keras rebuild, MirroredStrategy training) + weights.npz + README.txt
  onnx     model.onnx (opset 13, graph + weights; NCHW input, see docs/onnx.md)
  --zip    write one DIR/<model>-<format>.zip instead of loose files
  --recipe FILE  training settings (a TrainConfig JSON) for the pytorch/keras train.py; default: the
           ${TRAIN_CONFIG_FILE} that 'cli train --out' writes next to model.json, else the app's defaults`;

export interface ExportArgs {
  modelPath: string;
  format: ExportFormat;
  outDir: string;
  zip: boolean;
  recipePath?: string;
}

class UsageError extends Error {}

export function parseExportArgs(args: readonly string[]): ExportArgs | 'help' {
  let modelPath: string | undefined;
  let format: string | undefined;
  let outDir: string | undefined;
  let zip = false;
  let recipePath: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = (): string => {
      const v = inline ?? args[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--help' || flag === '-h') return 'help';
    else if (flag === '--format' || flag === '-f') format = value();
    else if (flag === '--out' || flag === '-o') outDir = value();
    else if (flag === '--zip') zip = true;
    else if (flag === '--recipe') recipePath = value();
    else if (flag.startsWith('-')) throw new UsageError(`unknown option '${flag}'`);
    else if (modelPath === undefined) modelPath = a;
    else throw new UsageError(`unexpected argument '${a}' (only one model.json)`);
  }
  if (!modelPath) throw new UsageError('missing <model.json> argument');
  if (!format) throw new UsageError(`missing --format (${EXPORT_FORMATS.join('|')})`);
  if (!isExportFormat(format)) throw new UsageError(`unknown format '${format}' (use ${EXPORT_FORMATS.join(', ')})`);
  if (!outDir) throw new UsageError('missing --out DIR');
  return { modelPath, format, outDir, zip, ...(recipePath ? { recipePath } : {}) };
}

function readModelJson(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ExportInputError(code === 'ENOENT' ? `model file '${path}' does not exist` : `cannot read '${path}': ${(e as Error).message}`);
  }
}

/** True when `path` is `dir` itself or lies below it (both absolute, normalised). */
function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * Reads a file named in `weightsManifest.paths`, only from inside the model's folder: absolute paths, `../` and
 * symbolic links that lead out of the folder are refused (a model.json from elsewhere must not make the CLI read,
 * and then export, arbitrary files).
 */
function readWeightFile(baseDir: string, rel: string): Uint8Array | null {
  const outside = (): ExportInputError =>
    new ExportInputError(`weights file '${rel}' named in model.json is outside the model's folder; only files inside ${baseDir} are read`);
  if (isAbsolute(rel) || /^[A-Za-z]:|^[\\/]/.test(rel)) throw outside();
  const path = resolve(baseDir, rel);
  if (!isInside(baseDir, path)) throw outside();
  try {
    if (!isInside(realpathSync(baseDir), realpathSync(path))) throw outside();
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** --recipe FILE, else train-config.json beside model.json (written by cli train --out), else none (app defaults). */
function readRecipe(explicit: string | undefined, modelDir: string): TrainingRecipe | undefined {
  const path = explicit ?? join(modelDir, TRAIN_CONFIG_FILE);
  if (!explicit && !existsSync(path)) return undefined;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ExportInputError(`cannot read recipe '${path}': ${(e as Error).message}`);
  }
  return parseRecipe(text, path);
}

/** Runs the export; returns the written paths. Throws ExportInputError/UsageError on bad input. */
export function runExport(opts: ExportArgs): { written: string[]; warnings: string[]; paramCount: number } {
  const modelPath = resolve(opts.modelPath);
  const parsed = parseModelJson(readModelJson(modelPath));
  const artifact = assembleArtifact(parsed, (rel) => readWeightFile(dirname(modelPath), rel));
  const { model, files } = exportArtifact(artifact, opts.format, { recipe: readRecipe(opts.recipePath, dirname(modelPath)) });
  mkdirSync(opts.outDir, { recursive: true });
  const written: string[] = [];
  if (opts.zip) {
    const zipPath = join(opts.outDir, `${model.name.replace(/[^A-Za-z0-9_.-]/g, '_')}-${opts.format}.zip`);
    writeFileSync(zipPath, zipExport(files));
    written.push(zipPath);
  } else {
    for (const f of files) {
      const p = join(opts.outDir, f.path);
      writeFileSync(p, f.data);
      written.push(p);
    }
  }
  return { written, warnings: model.warnings, paramCount: model.paramCount };
}

export async function run(args: string[]): Promise<number> {
  try {
    const parsed = parseExportArgs(args);
    if (parsed === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const { written, warnings, paramCount } = runExport(parsed);
    for (const w of warnings) process.stderr.write(`export: warning: ${w}\n`);
    process.stdout.write(`exported ${parsed.format} (${paramCount} parameters):\n${written.map((p) => `  ${p}\n`).join('')}`);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`export: ${e.message} (see 'cli export --help')\n`);
      return 1;
    }
    if (e instanceof ExportInputError) {
      process.stderr.write(`export: ${e.message}\n`);
      return 1;
    }
    process.stderr.write(`export: failed: ${(e as Error).message}\n`);
    return 1;
  }
}
