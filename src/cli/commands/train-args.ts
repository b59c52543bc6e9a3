/** Argument parsing for `cli train` (pure: no tfjs, no fs). */

import { CLI_TRAINING_MEMORY_LIMIT } from '../../core/graph/training-memory';

export const TRAIN_USAGE =
  'usage: train <design.sora.json | model.json | template-id> --dataset mnist [--epochs N] [--batch B] [--limit N] ' +
  '[--test-limit N] [--seed S] [--lr X] [--schedule cosine|constant] [--time-limit SECONDS] [--optimizer adam|sgd|rmsprop] [--validation-split F] [--backend wasm|cpu] [--memory-limit GB] [--workers N|auto] [--out DIR] [--json]';

/**
 * Defaults tuned for one MNIST epoch of the Sora-lite template: batch 32 with a cosine schedule peaking at
 * this Adam learning rate (batch 64 / constant 0.001 reached only ~95.5%).
 */
export const DEFAULT_BATCH = 32;
export const DEFAULT_ADAM_LR = 0.005;

export interface TrainArgs {
  file: string;
  dataset: 'mnist';
  epochs: number;
  batch: number;
  limit?: number;
  testLimit?: number;
  seed: number;
  lr: number;
  schedule: 'constant' | 'cosine';
  /** Wall-clock budget in seconds; the cosine schedule then anneals over it. */
  timeLimit?: number;
  optimizer: 'adam' | 'sgd' | 'rmsprop';
  validationSplit: number;
  backend: 'wasm' | 'cpu';
  /** Largest training-memory estimate accepted, in bytes (--memory-limit is in GiB). */
  memoryLimitBytes: number;
  /**
   * Data-parallel threads (--workers; src/tf/parallel): 1 = one thread, today's loop; 'auto' (the default) =
   * os.availableParallelism(), resolved by the command.
   */
  workers: number | 'auto';
  out?: string;
  json: boolean;
}

const VALUE_OPTIONS = [
  '--dataset',
  '--epochs',
  '--batch',
  '--limit',
  '--test-limit',
  '--seed',
  '--lr',
  '--schedule',
  '--time-limit',
  '--optimizer',
  '--validation-split',
  '--backend',
  '--memory-limit',
  '--workers',
  '--out',
];

function int(name: string, v: string, min: number): number {
  const n = Number(v);
  if (!/^-?\d+$/.test(v) || n < min) throw new Error(`train: ${name} must be an integer ≥ ${min}, got '${v}'`);
  return n;
}

function num(name: string, v: string, ok: (n: number) => boolean, what: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || !ok(n)) throw new Error(`train: ${name} must be ${what}, got '${v}'`);
  return n;
}

/** Parses argv; throws an Error with a one-line message naming the bad argument. */
export function parseTrainArgs(args: string[]): TrainArgs {
  const vals = new Map<string, string>();
  const files: string[] = [];
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--json') json = true;
    else if (VALUE_OPTIONS.includes(a)) {
      const v = args[i + 1];
      if (v === undefined || v.startsWith('--')) throw new Error(`train: ${a} needs a value (${TRAIN_USAGE})`);
      vals.set(a, v);
      i++;
    } else if (a.startsWith('-')) throw new Error(`train: unknown option ${a} (${TRAIN_USAGE})`);
    else files.push(a);
  }
  if (files.length !== 1) throw new Error(`train: expected one design/model file, got ${files.length} (${TRAIN_USAGE})`);
  const dataset = vals.get('--dataset') ?? 'mnist';
  if (dataset !== 'mnist') throw new Error(`train: unknown dataset '${dataset}' (only 'mnist' is available in the CLI)`);
  const optimizer = vals.get('--optimizer') ?? 'adam';
  if (optimizer !== 'adam' && optimizer !== 'sgd' && optimizer !== 'rmsprop') {
    throw new Error(`train: --optimizer must be adam, sgd or rmsprop, got '${optimizer}'`);
  }
  const schedule = vals.get('--schedule') ?? 'cosine';
  if (schedule !== 'constant' && schedule !== 'cosine') throw new Error(`train: --schedule must be cosine or constant, got '${schedule}'`);
  const backend = vals.get('--backend') ?? 'wasm';
  if (backend !== 'wasm' && backend !== 'cpu') throw new Error(`train: --backend must be wasm or cpu, got '${backend}'`);
  const g = (k: string) => vals.get(k);
  return {
    file: files[0],
    dataset: 'mnist',
    epochs: g('--epochs') ? int('--epochs', g('--epochs') as string, 1) : 1,
    batch: g('--batch') ? int('--batch', g('--batch') as string, 1) : DEFAULT_BATCH,
    ...(g('--limit') ? { limit: int('--limit', g('--limit') as string, 1) } : {}),
    ...(g('--test-limit') ? { testLimit: int('--test-limit', g('--test-limit') as string, 1) } : {}),
    seed: g('--seed') ? int('--seed', g('--seed') as string, 0) : 42,
    lr: g('--lr') ? num('--lr', g('--lr') as string, (n) => n > 0, 'a positive number') : optimizer === 'sgd' ? 0.05 : DEFAULT_ADAM_LR,
    schedule,
    ...(g('--time-limit') ? { timeLimit: num('--time-limit', g('--time-limit') as string, (n) => n > 0, 'a positive number of seconds') } : {}),
    optimizer,
    validationSplit: g('--validation-split')
      ? num('--validation-split', g('--validation-split') as string, (n) => n >= 0 && n <= 0.5, 'in [0, 0.5]')
      : 0,
    backend,
    memoryLimitBytes: g('--memory-limit')
      ? num('--memory-limit', g('--memory-limit') as string, (n) => n > 0, 'a positive number of GiB') * 2 ** 30
      : CLI_TRAINING_MEMORY_LIMIT,
    workers: g('--workers') === undefined || g('--workers') === 'auto' ? 'auto' : int('--workers', g('--workers') as string, 1),
    ...(g('--out') ? { out: g('--out') as string } : {}),
    json,
  };
}

/** Smallest shard `--workers auto` gives a thread: below ~8 images per shard tfjs' per-op cost dominates. */
export const MIN_AUTO_SHARD = 8;

/**
 * The number of data-parallel threads to train with: 'auto' → all `cores`, but at least MIN_AUTO_SHARD images
 * per thread (one thread on the cpu backend, whose kernels the worker threads do not carry); an explicit N is
 * kept up to the batch size (a thread needs at least one image).
 */
export function resolveWorkers(a: Pick<TrainArgs, 'workers' | 'backend' | 'batch'>, cores: number): number {
  if (a.workers !== 'auto' && a.workers > 1 && a.backend !== 'wasm') {
    throw new Error(`train: --workers ${a.workers} needs the wasm backend (data-parallel threads run tfjs-wasm)`);
  }
  if (a.workers === 'auto') return a.backend === 'wasm' ? Math.max(1, Math.min(cores, Math.floor(a.batch / MIN_AUTO_SHARD))) : 1;
  return Math.max(1, Math.min(a.workers, a.batch));
}
