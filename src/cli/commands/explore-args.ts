/** Argument parsing for `cli explore` (pure: no tfjs, no fs). */
import { DEFAULT_MAX_CANDIDATES } from '../../core/explore/candidates';
import { DEFAULT_MIN_SECONDS } from '../../core/explore/halving';
import type { Constraints, VaryAxis } from '../../core/explore/types';
import { parseVaryAxis } from '../../core/explore/vary-spec';
import { errorMessage } from '../../core/result';
import { configFlagsUsage, configFromFlags, configValueFlags } from '../../core/training/cli-flags';
import { DEFAULT_TRAIN_CONFIG } from '../../core/training/defaults';
import type { TrainConfig, TrainFieldKey } from '../../core/training/train-config';

/** The training settings `cli explore` offers as flags (every candidate trains with Adam and a cosine schedule). */
const CONFIG_FLAGS: readonly TrainFieldKey[] = ['limit', 'seed', 'batchSize', 'learningRate'];
/** `cli explore`'s base: the app's batch and learning rate; seed 1 (also the search's seed). */
const EXPLORE_BASE: TrainConfig = { ...DEFAULT_TRAIN_CONFIG, seed: 1 };

export const EXPLORE_USAGE =
  'usage: explore <design.sora.json | template-id> --budget SECONDS [--vary width=0.5,0.75,1,1.5] [--vary dil:<block>=1,2,3] ' +
  '[--vary filters:<block>=16,32 | kernel:<block>=3,5 | depth:<block>=1,2] [--max-params N] [--max-macs N] [--dataset mnist] ' +
  `${configFlagsUsage(CONFIG_FLAGS)} [--test-limit N] [--max-candidates N] [--min-seconds S] [--validation-split F] [--validation-images N] [--test-all] ` +
  '[--backend wasm|cpu] [--json]';

/** Share of the training images held out for ranking candidates, unless --validation-split says otherwise. */
export const DEFAULT_EXPLORE_VALIDATION_SPLIT = 0.1;
/** At most this many validation images (every training is followed by a validation pass: keep it short). */
export const DEFAULT_EXPLORE_VALIDATION_IMAGES = 2000;

export interface ExploreArgs {
  file: string;
  dataset: 'mnist';
  /** Empty: the default spec (defaultVarySpec). */
  vary: VaryAxis[];
  constraints: Constraints;
  budgetSeconds: number;
  limit?: number;
  testLimit?: number;
  seed: number;
  maxCandidates: number;
  minSeconds: number;
  validationSplit: number;
  /** Cap on the validation images: the share used is min(validationSplit, validationImages / training images). */
  validationImages: number;
  /** Evaluate the test set after every training, not only for candidates in the last rung. */
  testAll: boolean;
  batch: number;
  lr: number;
  backend: 'wasm' | 'cpu';
  json: boolean;
}

const VALUE_OPTIONS = [
  '--vary',
  '--max-params',
  '--max-macs',
  '--budget',
  '--dataset',
  ...configValueFlags(CONFIG_FLAGS),
  '--test-limit',
  '--max-candidates',
  '--min-seconds',
  '--validation-split',
  '--validation-images',
  '--backend',
];

function int(name: string, v: string, min: number): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < min || !Number.isSafeInteger(n)) throw new Error(`explore: ${name} must be an integer ≥ ${min}, got '${v}'`);
  return n;
}

function num(name: string, v: string, ok: (n: number) => boolean, what: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || !ok(n)) throw new Error(`explore: ${name} must be ${what}, got '${v}'`);
  return n;
}

/** Parses argv; throws an Error with a one-line message naming the bad argument. */
export function parseExploreArgs(args: string[]): ExploreArgs {
  const vals = new Map<string, string>();
  const vary: VaryAxis[] = [];
  const files: string[] = [];
  let json = false;
  let testAll = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--json') json = true;
    else if (a === '--test-all') testAll = true;
    else if (VALUE_OPTIONS.includes(a)) {
      const v = args[i + 1];
      if (v === undefined || v.startsWith('--')) throw new Error(`explore: ${a} needs a value (${EXPLORE_USAGE})`);
      if (a === '--vary') {
        try {
          vary.push(parseVaryAxis(v));
        } catch (e) {
          throw new Error(`explore: ${errorMessage(e)}`);
        }
      } else vals.set(a, v);
      i++;
    } else if (a.startsWith('-')) throw new Error(`explore: unknown option ${a} (${EXPLORE_USAGE})`);
    else files.push(a);
  }
  if (files.length !== 1) throw new Error(`explore: expected one design file or template id, got ${files.length} (${EXPLORE_USAGE})`);
  const g = (k: string) => vals.get(k);
  const budget = g('--budget');
  if (budget === undefined) throw new Error(`explore: --budget SECONDS is required (the total training time) (${EXPLORE_USAGE})`);
  const dataset = g('--dataset') ?? 'mnist';
  if (dataset !== 'mnist') throw new Error(`explore: unknown dataset '${dataset}' (only 'mnist' is available in the CLI)`);
  const backend = g('--backend') ?? 'wasm';
  if (backend !== 'wasm' && backend !== 'cpu') throw new Error(`explore: --backend must be wasm or cpu, got '${backend}'`);
  const parsed = configFromFlags('explore', vals, new Set(), CONFIG_FLAGS, EXPLORE_BASE);
  if (!parsed.ok) throw new Error(parsed.error);
  const config = parsed.value;
  const constraints: Constraints = {
    ...(g('--max-params') ? { maxParams: int('--max-params', g('--max-params') as string, 1) } : {}),
    ...(g('--max-macs') ? { maxMacs: int('--max-macs', g('--max-macs') as string, 1) } : {}),
  };
  return {
    file: files[0],
    dataset: 'mnist',
    vary,
    constraints,
    budgetSeconds: num('--budget', budget, (n) => n > 0 && n <= 7 * 24 * 3600, 'a positive number of seconds (at most a week)'),
    ...(config.limit !== undefined ? { limit: config.limit } : {}),
    ...(g('--test-limit') ? { testLimit: int('--test-limit', g('--test-limit') as string, 1) } : {}),
    seed: config.seed,
    maxCandidates: g('--max-candidates') ? int('--max-candidates', g('--max-candidates') as string, 1) : DEFAULT_MAX_CANDIDATES,
    minSeconds: g('--min-seconds')
      ? num('--min-seconds', g('--min-seconds') as string, (n) => n > 0, 'a positive number of seconds')
      : DEFAULT_MIN_SECONDS,
    validationSplit: g('--validation-split')
      ? num('--validation-split', g('--validation-split') as string, (n) => n > 0 && n <= 0.5, 'in (0, 0.5]')
      : DEFAULT_EXPLORE_VALIDATION_SPLIT,
    validationImages: g('--validation-images')
      ? int('--validation-images', g('--validation-images') as string, 1)
      : DEFAULT_EXPLORE_VALIDATION_IMAGES,
    testAll,
    batch: config.batchSize,
    lr: config.learningRate,
    backend,
    json,
  };
}
