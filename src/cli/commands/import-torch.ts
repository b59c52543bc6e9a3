/**
 * `cli import-torch <pytorch bundle folder> [--weights FILE] --out DIR`
 * Turns a PyTorch bundle's weights (e.g. trained/weights.safetensors written by its train.py) back into a stock
 * tfjs model.json + weights.bin, which `cli stats/export` read and Sora Designer opens.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExportInputError } from '../../core/export/errors';
import { BUNDLE_MODEL_FILE, importTorchWeights } from '../../core/export/torch-weights-import';

const USAGE = `usage: cli import-torch <pytorch bundle folder> [--weights FILE] --out DIR
  reads <folder>/${BUNDLE_MODEL_FILE} and the weights (default: <folder>/trained/weights.safetensors when
  train.py wrote one, else <folder>/weights.safetensors); writes DIR/model.json + DIR/weights.bin`;

function read(path: string, what: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ExportInputError(code === 'ENOENT' ? `${what} '${path}' does not exist` : `cannot read '${path}': ${(e as Error).message}`);
  }
}

export async function run(args: string[]): Promise<number> {
  let bundle: string | undefined;
  let weights: string | undefined;
  let out: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--help' || a === '-h') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (a === '--weights' || a === '--out') {
      const v = args[++i];
      if (!v) return fail(`${a} needs a value`);
      if (a === '--weights') weights = v;
      else out = v;
    } else if (a.startsWith('-')) return fail(`unknown option '${a}'`);
    else if (bundle === undefined) bundle = a;
    else return fail(`unexpected argument '${a}'`);
  }
  if (!bundle) return fail('missing <pytorch bundle folder>');
  if (!out) return fail('missing --out DIR');
  try {
    const trained = join(bundle, 'trained', 'weights.safetensors');
    const weightsPath = weights ?? (existsSync(trained) ? trained : join(bundle, 'weights.safetensors'));
    const topology = new TextDecoder().decode(read(join(bundle, BUNDLE_MODEL_FILE), 'bundle topology'));
    const files = importTorchWeights(topology, read(weightsPath, 'weights file'));
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'model.json'), files.modelJson);
    writeFileSync(join(out, 'weights.bin'), files.weightsBin);
    process.stdout.write(`imported ${weightsPath}:\n  ${join(out, 'model.json')}\n  ${join(out, 'weights.bin')}\n`);
    return 0;
  } catch (e) {
    process.stderr.write(`import-torch: ${e instanceof ExportInputError ? '' : 'failed: '}${(e as Error).message}\n`);
    return 1;
  }
}

function fail(message: string): number {
  process.stderr.write(`import-torch: ${message} (see 'cli import-torch --help')\n`);
  return 1;
}
