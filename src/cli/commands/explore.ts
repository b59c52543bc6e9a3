/**
 * `cli explore <design | template-id> --budget SECONDS [--vary …] [--max-params N] [--max-macs N] [--json]`:
 * generates variants of a design (src/core/explore), filters them by the constraints, and trains the feasible
 * ones on MNIST in Node with successive halving inside the time budget, with the training pipeline
 * `cli train` and the browser share (src/tf/pipeline). Candidates are ranked on a held-out validation share (at most --validation-images);
 * the test set is scored for the last rung (every rung with --test-all). With --json: one JSON line per candidate
 * when its fate is known, then a summary line. See docs/explore.md. Bad input → exit 1 with one stderr line.
 */
import { generateCandidates } from '../../core/explore/candidates';
import { filterByConstraints } from '../../core/explore/constraints';
import { planSuccessiveHalving } from '../../core/explore/halving';
import type { SearchResult } from '../../core/explore/search';
import type { Candidate, CandidateResult, GenerationResult, TrainOutcome } from '../../core/explore/types';
import { defaultVarySpec } from '../../core/explore/vary-spec';
import { CLI_TRAINING_MEMORY_LIMIT, designTrainingMemoryProblem } from '../../core/graph/training-memory';
import type { ImageDataset } from '../../data/types';
import type { TrainConfig } from '../../tf/train-loop';
import { loadFileOrTemplate } from '../load-input';
import { EXPLORE_USAGE, type ExploreArgs, parseExploreArgs } from './explore-args';
import { errorMessage } from '../../core/result';

/** Epoch cap of one training: the time limit ends every run long before (the cosine schedule follows the clock). */
const EPOCH_CAP = 10_000;

function fail(message: string): number {
  process.stderr.write(`${message.replace(/\s*\n\s*/g, ' ')}\n`);
  return 1;
}

const pct = (x: number | undefined) => (x === undefined ? '—' : `${(x * 100).toFixed(2)}%`);
const round2 = (x: number) => Math.round(x * 100) / 100;

function candidateLine(r: CandidateResult): string {
  const acc = r.accuracy !== undefined ? `  val ${pct(r.accuracy)}  test ${pct(r.testAccuracy)}` : '';
  const why = r.message ? `  (${r.message})` : '';
  const got = r.rung >= 0 ? `  rung ${r.rung}, ${r.budgetSeconds.toFixed(1)} s` : '';
  return `${r.status.padEnd(7)}  ${r.name}  ${r.params.toLocaleString('en-US')} params, ${r.macs.toLocaleString('en-US')} MACs${acc}${got}${why}`;
}

interface Data {
  train: ImageDataset;
  validation: ImageDataset;
  test: ImageDataset;
}

/** MNIST train (limited) split into training and a seeded validation share (capped), and the test set. */
async function loadData(a: ExploreArgs): Promise<Data | string> {
  const { loadMnistPart } = await import('../../data/mnist-node');
  const { splitProblem } = await import('../../data/dataset-split');
  const { splitForValidation } = await import('../../tf/train-loop');
  const { subset } = await import('../../tf/train-data');
  const all = loadMnistPart('train', a.limit);
  const test = loadMnistPart('t10k', a.testLimit);
  const bad = splitProblem({ name: 'MNIST', trainCount: all.count, testCount: test.count }, { validationSplit: a.validationSplit });
  if (bad) return bad;
  const validationSplit = Math.min(a.validationSplit, a.validationImages / all.count);
  const { trainIdx, val } = splitForValidation(all, {
    optimizer: 'adam',
    learningRate: a.lr,
    batchSize: a.batch,
    epochs: 1,
    validationSplit,
    seed: a.seed,
  });
  if (!val) return 'the validation split left no images';
  return { train: subset(all, trainIdx, 'MNIST (train)'), validation: val, test };
}

/** Trains one candidate from scratch for `seconds` with the training pipeline; validation (and with `withTest` test) accuracy after. */
async function trainCandidate(a: ExploreArgs, data: Data, c: Candidate, seconds: number, withTest: boolean): Promise<TrainOutcome> {
  const tooBig = designTrainingMemoryProblem(c.design, { batchSize: a.batch, optimizer: 'adam' }, CLI_TRAINING_MEMORY_LIMIT, 'for cli explore');
  if (tooBig) return { ok: false, message: tooBig };
  const { buildTrainableModel, runTraining, tfTrainingSteps } = await import('../train-design');
  const model = buildTrainableModel(c.design, c.name, a.seed);
  const steps = tfTrainingSteps();
  try {
    // The one training pipeline (src/tf/pipeline), evaluated on the validation share.
    const config: TrainConfig = {
      optimizer: 'adam',
      learningRate: a.lr,
      batchSize: a.batch,
      epochs: EPOCH_CAP,
      validationSplit: 0,
      seed: a.seed,
      schedule: 'cosine',
      timeLimitSeconds: seconds,
    };
    const res = await runTraining(steps, model, { train: data.train, test: data.validation, config });
    if (res.status === 'diverged') return { ok: false, message: res.message };
    if (res.status !== 'completed' || !res.evaluation) return { ok: false, message: 'training stopped' };
    const val = res.evaluation;
    const test = withTest ? await steps.evaluate(model, data.test, config.batchSize) : null;
    return { ok: true, accuracy: val.accuracy, ...(test ? { testAccuracy: test.accuracy } : {}), seconds: res.seconds };
  } finally {
    model.dispose();
  }
}

function summaryObject(gen: GenerationResult, feasible: number, removedBy: Record<string, number>, res: SearchResult | null) {
  return {
    summary: true,
    candidates: gen.candidates.length,
    gridSize: gen.gridSize,
    mode: gen.mode,
    invalid: gen.invalid,
    duplicates: gen.duplicates,
    feasible,
    removedBy,
    plan: res
      ? { ...res.plan, totalSeconds: round2(res.plan.totalSeconds), rungs: res.plan.rungs.map((r) => ({ ...r, secondsEach: round2(r.secondsEach) })) }
      : null,
    best: res?.best ?? null,
    pareto: res?.pareto ?? [],
  };
}

async function explore(a: ExploreArgs): Promise<number> {
  const loaded = await loadFileOrTemplate(a.file, (f, ids) => `${f}: no such file or template (templates: ${ids.join(', ')})`);
  if (!loaded.ok) return fail(`explore: ${loaded.error}`);
  for (const w of loaded.warnings) process.stderr.write(`warning: ${w}\n`);
  const base = loaded.design;
  const spec = a.vary.length > 0 ? { axes: a.vary } : defaultVarySpec(base);
  let gen: GenerationResult;
  try {
    gen = generateCandidates(base, spec, { maxCandidates: a.maxCandidates, seed: a.seed, resizableInput: false });
  } catch (e) {
    return fail(`explore: ${a.file}: ${errorMessage(e)}`);
  }
  const filtered = filterByConstraints(gen.candidates, a.constraints);
  const write = (o: object, text: string) => process.stdout.write(a.json ? `${JSON.stringify(o)}\n` : `${text}\n`);
  if (!a.json) {
    const invalid = gen.invalid.reduce((s, x) => s + x.count, 0);
    process.stdout.write(
      `${gen.candidates.length} candidates (${gen.mode} of ${gen.gridSize}; ${invalid} invalid, ${gen.duplicates} duplicates); ` +
        `${filtered.kept.length} meet the constraints (removed: ${filtered.removedBy.maxParams} by max params, ${filtered.removedBy.maxMacs} by max MACs)\n`,
    );
  }
  if (filtered.kept.length === 0) {
    write(summaryObject(gen, 0, filtered.removedBy, null), 'no candidate to train');
    return fail('explore: no candidate meets the constraints (see removedBy)');
  }
  const data = await loadData(a);
  if (typeof data === 'string') return fail(`explore: ${data}`);
  const tf = await import('@tensorflow/tfjs');
  if (a.backend === 'wasm') {
    const { initWasmBackend } = await import('../../tf/wasm/init-wasm');
    await initWasmBackend();
  } else await tf.setBackend('cpu');
  const { runSuccessiveHalving } = await import('../../core/explore/search');
  const searchOptions = { budgetSeconds: a.budgetSeconds, minSeconds: a.minSeconds, seed: a.seed };
  // the same pure plan runSuccessiveHalving makes: the test set is scored in its last rung (every rung with --test-all)
  const lastRung = planSuccessiveHalving(filtered.kept.length, a.budgetSeconds, searchOptions).rungs.length - 1;
  const res = await runSuccessiveHalving(filtered.kept, searchOptions, {
    train: (c, seconds, rung) => trainCandidate(a, data, c, seconds, a.testAll || rung.rung === lastRung),
    onRungStart: (r, cs) => {
      if (!a.json) process.stdout.write(`rung ${r.rung}: ${cs.length} candidate(s), ${r.secondsEach.toFixed(1)} s each\n`);
    },
    onResult: (r) => write({ ...r, budgetSeconds: round2(r.budgetSeconds) }, candidateLine(r)),
  });
  write(
    summaryObject(gen, filtered.kept.length, filtered.removedBy, res),
    `best: ${res.best ?? 'none'}; Pareto front (MACs ↑, accuracy ↑): ${res.pareto.join(' | ')}`,
  );
  return 0;
}

/** Entry point used by src/cli/main.ts. */
export async function run(args: string[]): Promise<number> {
  let parsed: ExploreArgs;
  try {
    parsed = parseExploreArgs(args);
  } catch (e) {
    return fail(errorMessage(e));
  }
  try {
    return await explore(parsed);
  } catch (e) {
    return fail(`explore: ${errorMessage(e)}`);
  }
}

export { EXPLORE_USAGE };
