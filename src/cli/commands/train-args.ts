/** Argument parsing for `cli train` (pure: no tfjs, no fs). The training-setting flags come from src/core/training. */

import { CLI_TRAINING_MEMORY_LIMIT } from '../../core/graph/training-memory';
import { configFlagsUsage, configFromFlags, configSwitchFlags, configValueFlags } from '../../core/training/cli-flags';
import { DEFAULT_TRAIN_CONFIG } from '../../core/training/defaults';
import { TRAIN_FIELDS } from '../../core/training/train-fields';
import { pickTrainConfig } from '../../core/training/validate';
import type { LrSchedule, OptimizerName, TrainConfig, TrainFieldKey } from '../../core/training/train-config';

/** The usage lists these settings first, in this order; every other field of the schema follows in its order. */
const FIRST_FLAGS: readonly TrainFieldKey[] = [
  'epochs',
  'batchSize',
  'limit',
  'seed',
  'learningRate',
  'schedule',
  'timeLimitSeconds',
  'optimizer',
  'validationSplit',
];

/** The training settings `cli train` offers as flags: every field of src/core/training/train-fields.ts. */
export const CONFIG_FLAGS: readonly TrainFieldKey[] = [...FIRST_FLAGS, ...TRAIN_FIELDS.map((f) => f.key).filter((k) => !FIRST_FLAGS.includes(k))];

/**
 * `cli train`'s defaults where they differ from the app's: one epoch, no validation split, no time limit, plain SGD
 * (no momentum). The batch
 * (32) and the cosine schedule peaking at the Adam rate (5e-3) are the app's, tuned for one MNIST epoch of the
 * Sora-lite template (batch 64 / constant 0.001 reached only ~95.5%).
 */
const CLI_TRAIN_BASE: TrainConfig = pickTrainConfig({
  ...DEFAULT_TRAIN_CONFIG,
  epochs: 1,
  validationSplit: 0,
  timeLimitSeconds: undefined,
  momentum: undefined,
});
/** Without --lr, SGD starts from this rate instead of the Adam one. */
export const DEFAULT_SGD_LR = 0.05;

export const TRAIN_USAGE =
  'usage: train <design.sora.json | model.json | template-id> --dataset mnist ' +
  `${configFlagsUsage(CONFIG_FLAGS)} [--test-limit N] [--backend wasm|cpu] [--memory-limit GB] [--workers N|auto] [--out DIR] [--json]`;

export interface TrainArgs {
  file: string;
  dataset: 'mnist';
  epochs: number;
  batch: number;
  limit?: number;
  testLimit?: number;
  seed: number;
  lr: number;
  schedule: LrSchedule;
  /** Wall-clock budget in seconds; the cosine schedule then anneals over it. */
  timeLimit?: number;
  optimizer: OptimizerName;
  validationSplit: number;
  /**
   * The run's whole TrainConfig, parsed from the flags of every schema field over cli train's defaults (validated
   * by src/core/training): what the command trains with and writes to --out. The fields above are views of it.
   */
  config: TrainConfig;
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

const VALUE_OPTIONS = ['--dataset', ...configValueFlags(CONFIG_FLAGS), '--test-limit', '--backend', '--memory-limit', '--workers', '--out'];
const SWITCHES = ['--json', ...configSwitchFlags(CONFIG_FLAGS)];

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
  const switches = new Set<string>();
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (SWITCHES.includes(a)) switches.add(a);
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
  const parsed = configFromFlags('train', vals, switches, CONFIG_FLAGS, CLI_TRAIN_BASE);
  if (!parsed.ok) throw new Error(parsed.error);
  const config = !vals.has('--lr') && parsed.value.optimizer === 'sgd' ? { ...parsed.value, learningRate: DEFAULT_SGD_LR } : parsed.value;
  const backend = vals.get('--backend') ?? 'wasm';
  if (backend !== 'wasm' && backend !== 'cpu') throw new Error(`train: --backend must be wasm or cpu, got '${backend}'`);
  const g = (k: string) => vals.get(k);
  return {
    file: files[0],
    dataset: 'mnist',
    epochs: config.epochs,
    batch: config.batchSize,
    ...(config.limit !== undefined ? { limit: config.limit } : {}),
    ...(g('--test-limit') ? { testLimit: int('--test-limit', g('--test-limit') as string, 1) } : {}),
    seed: config.seed,
    lr: config.learningRate,
    schedule: config.schedule ?? 'constant',
    ...(config.timeLimitSeconds !== undefined ? { timeLimit: config.timeLimitSeconds } : {}),
    optimizer: config.optimizer,
    validationSplit: config.validationSplit,
    config,
    backend,
    memoryLimitBytes: g('--memory-limit')
      ? num('--memory-limit', g('--memory-limit') as string, (n) => n > 0, 'a positive number of GiB') * 2 ** 30
      : CLI_TRAINING_MEMORY_LIMIT,
    workers: g('--workers') === undefined || g('--workers') === 'auto' ? 'auto' : int('--workers', g('--workers') as string, 1),
    ...(g('--out') ? { out: g('--out') as string } : {}),
    json: switches.has('--json'),
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
