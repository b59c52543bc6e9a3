/**
 * `cli train <design | model.json | template-id> --dataset mnist [...]`: trains on MNIST in Node with the
 * wasm backend (our training kernels), printing per-epoch metrics and the final test accuracy; with --json
 * one JSON object per line, the last {"testAccuracy", "imagesPerSecond", ...}. --out DIR writes model.json +
 * weights.bin loadable by stock tf.loadLayersModel. Bad input → exit 1 with one stderr line.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { designTrainingMemoryProblem } from '../../core/graph/training-memory';
import type { Design } from '../../core/graph/types';
import { TRAIN_CONFIG_FILE } from '../../core/export/training-recipe';
import type { TrainConfig } from '../../tf/train-loop';
import { loadFileOrTemplate } from '../load-input';
import { availableParallelism } from 'node:os';
import { TRAIN_USAGE, type TrainArgs, parseTrainArgs, resolveWorkers } from './train-args';
import { errorMessage } from '../../core/result';

function fail(message: string): number {
  process.stderr.write(`${message.replace(/\s*\n\s*/g, ' ')}\n`);
  return 1;
}

async function loadDesign(file: string): Promise<{ design: Design; warnings: string[] }> {
  const loaded = await loadFileOrTemplate(file, (f, ids) => `${f}: no such file or template (templates: ${ids.join(', ')})`);
  if (!loaded.ok) throw new Error(loaded.error);
  return { design: loaded.design, warnings: loaded.warnings };
}

function pct(x: number): string {
  return `${(x * 100).toFixed(2)}%`;
}

async function train(a: TrainArgs): Promise<number> {
  // The run's settings: every schema field's flag (src/core/training) over cli train's defaults — momentum and
  // augmentation included. Trained with, and written to --out as the recipe.
  const config: TrainConfig = a.config;
  const { design, warnings } = await loadDesign(a.file);
  for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
  const tooBig = designTrainingMemoryProblem(
    design,
    { batchSize: config.batchSize, optimizer: config.optimizer },
    a.memoryLimitBytes,
    'for cli train (raise it with --memory-limit GB)',
  );
  if (tooBig) return fail(`train: ${a.file}: ${tooBig}`);
  const workers = resolveWorkers(a, availableParallelism());
  const tf = await import('@tensorflow/tfjs');
  const { buildTrainableModel, runTraining, tfTrainingSteps } = await import('../train-design');
  const { initWasmBackend } = await import('../../tf/wasm/init-wasm');
  const { loadMnistPart } = await import('../../data/mnist-node');
  const out = (o: object, text: string) => process.stdout.write(a.json ? `${JSON.stringify(o)}\n` : `${text}\n`);

  let backendNote = 'cpu';
  if (a.backend === 'wasm') {
    const w = await initWasmBackend();
    backendNote = `wasm (${w.threads} thread${w.threads === 1 ? '' : 's'}, simd ${w.simd ? 'on' : 'off'})`;
  } else {
    await tf.setBackend('cpu');
  }
  const trainSet = loadMnistPart('train', config.limit);
  const testSet = loadMnistPart('t10k', a.testLimit);
  const { splitProblem } = await import('../../data/dataset-split');
  const badSplit = splitProblem({ name: 'MNIST', trainCount: trainSet.count, testCount: testSet.count }, { validationSplit: config.validationSplit });
  if (badSplit) return fail(`train: ${badSplit}`);
  const model = buildTrainableModel(design, a.file, config.seed);
  out(
    { design: design.name, backend: tf.getBackend(), workers, trainImages: trainSet.count, testImages: testSet.count, params: model.countParams() },
    `training '${design.name}' (${model.countParams().toLocaleString('en-US')} params) on ${trainSet.count} MNIST images, backend ${backendNote}` +
      (workers > 1 ? `, ${workers} data-parallel threads` : ''),
  );
  // --workers > 1: the batch is split over worker threads, one optimizer step per batch (src/tf/parallel).
  const { DataParallelRunner } = await import('../../tf/parallel/data-parallel');
  const runner =
    workers > 1
      ? await DataParallelRunner.start(model, {
          replicas: workers,
          batchSize: Math.min(config.batchSize, trainSet.count),
          numClasses: trainSet.numClasses,
        })
      : undefined;
  // The browser worker's pipeline: BN warm-up and calibration, divergence watch, time limit, test evaluation.
  const res = await runTraining(
    tfTrainingSteps(runner),
    model,
    { train: trainSet, test: testSet, config },
    {
      onBatch: (b) => {
        const every = Math.max(1, Math.round(b.batchesPerEpoch / 10));
        if (!a.json && (b.batch + 1) % every === 0 && b.batch + 1 < b.batchesPerEpoch) {
          process.stdout.write(
            `  epoch ${b.epoch + 1} batch ${b.batch + 1}/${b.batchesPerEpoch}  loss ${b.loss.toFixed(4)}  acc ${pct(b.accuracy)}  ${b.imagesPerSecond.toFixed(1)} img/s\n`,
          );
        }
      },
      onEpoch: (e) => {
        const val = e.valAccuracy !== undefined ? `  val_loss ${e.valLoss?.toFixed(4)}  val_acc ${pct(e.valAccuracy)}` : '';
        out(e, `epoch ${e.epoch + 1}/${config.epochs}  loss ${e.loss.toFixed(4)}  acc ${pct(e.accuracy)}${val}  (${e.seconds.toFixed(1)} s)`);
      },
    },
  ).finally(() => runner?.dispose());
  if (res.status !== 'completed' || !res.evaluation) {
    model.dispose();
    return fail(res.status === 'diverged' ? res.message : 'training stopped');
  }
  if (res.timeLimitReached)
    out({ timeLimitReached: true, epochsCompleted: res.epochsCompleted }, `time limit reached after ${res.epochsCompleted} epoch(s)`);
  const ev = res.evaluation;
  if (a.out) {
    const { modelFilesFromModel } = await import('../../tf/export/model-artifact');
    const files = await modelFilesFromModel(model);
    await mkdir(a.out, { recursive: true });
    await writeFile(join(a.out, 'model.json'), files.modelJson);
    await writeFile(join(a.out, 'weights.bin'), files.weightsBin);
    // The recipe `cli export` hands to the Python bundles' train.py.
    await writeFile(join(a.out, TRAIN_CONFIG_FILE), `${JSON.stringify(config, null, 2)}\n`);
  }
  model.dispose();
  out(
    {
      testAccuracy: ev.accuracy,
      testLoss: ev.loss,
      imagesPerSecond: Math.round(res.imagesPerSecond * 10) / 10,
      seconds: Math.round(res.seconds * 10) / 10,
      backend: tf.getBackend(),
      workers,
      ...(a.out ? { out: a.out } : {}),
    },
    `test accuracy ${pct(ev.accuracy)} (loss ${ev.loss.toFixed(4)}) on ${testSet.count} images; ` +
      `${res.imagesPerSecond.toFixed(1)} img/s, ${res.seconds.toFixed(1)} s${a.out ? `; saved to ${a.out}` : ''}`,
  );
  return 0;
}

/** Entry point used by src/cli/main.ts. */
export async function run(args: string[]): Promise<number> {
  let parsed: TrainArgs;
  try {
    parsed = parseTrainArgs(args);
  } catch (e) {
    return fail(errorMessage(e));
  }
  try {
    return await train(parsed);
  } catch (e) {
    return fail(`train: ${errorMessage(e)}`);
  }
}

export { TRAIN_USAGE };
