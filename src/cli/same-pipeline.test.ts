import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { TRAIN_CONFIG_FILE } from '../core/export/training-recipe';
import { serializeDesign } from '../core/io/design-file';
import { getTemplate } from '../core/templates/index';
import { summarize } from '../data/dataset-split';
import { loadMnistPart } from '../data/mnist-node';
import { modelFilesFromModel } from '../tf/export/model-artifact';
import { tfTrainingSteps } from '../tf/pipeline/tf-steps';
import { initWasmBackend } from '../tf/wasm/init-wasm';
import type { TrainConfig, TrainerEvent } from '../worker/protocol';
import { TrainerSession, type TrainerDeps } from '../worker/training-session';
import { captureOutput } from '../test-support/cli';
import { run } from './commands/train';
import { buildTrainableModel } from './train-design';

beforeAll(async () => {
  await initWasmBackend();
});

/**
 * The worker's session and `cli train` train through the same pipeline (src/tf/pipeline/run-training.ts): the
 * same seeded run on the same images ends with byte-identical weights and the same test accuracy.
 */
describe('one training pipeline', () => {
  it('a seeded cli train run and the same run in the worker session end with identical weights', async () => {
    const out = mkdtempSync(join(tmpdir(), 'sora-same-'));
    const model = join(out, 'model');
    // sora-lite-mnist has batch norm (the BN warm-up and calibration are part of what must match) and dropout
    // (rate 0.25: its masks are seeded from the run's seed, src/tf/seeded-dropout.ts).
    const design = getTemplate('sora-lite-mnist')!.build();
    expect(design.blocks.some((b) => 'dropout' in b.params && (b.params as { dropout: number }).dropout > 0)).toBe(true);
    const file = join(out, 'design.json');
    writeFileSync(file, serializeDesign(design));
    const args = [file, '--limit', '64', '--test-limit', '32', '--epochs', '2', '--batch', '32', '--seed', '9'];
    const cli = await captureOutput(() => run([...args, '--workers', '1', '--out', model, '--json']));
    expect(cli.stderr).toBe('');
    expect(cli.code).toBe(0);
    const last = JSON.parse(cli.stdout.trim().split('\n').pop()!) as { testAccuracy: number; testLoss: number };
    const cliWeights = new Uint8Array(readFileSync(join(model, 'weights.bin')));
    const config = JSON.parse(readFileSync(join(model, TRAIN_CONFIG_FILE), 'utf8')) as TrainConfig;

    const train = loadMnistPart('train', 64);
    const test = loadMnistPart('t10k', 32);
    const split = { train, test };
    const events: TrainerEvent[] = [];
    const steps = tfTrainingSteps();
    const deps: TrainerDeps<tf.LayersModel> = {
      loadDataset: async () => ({ split, summary: summarize('MNIST', split, 't10k', false) }),
      prepareBackend: async () => ({ backend: 'wasm', reason: 'test', tried: [] }),
      compile: (design, seed) => buildTrainableModel(design, 'test', seed),
      ...steps,
      saveWeights: async (model) => ({ weightSpecs: [], weightData: (await modelFilesFromModel(model)).weightsBin.slice().buffer }),
      exportModel: async () => ({ modelJson: '', weightsBin: new ArrayBuffer(0) }),
      dispose: (model) => model.dispose(),
      yieldToEvents: () => Promise.resolve(),
      now: () => performance.now(),
    };
    const session = new TrainerSession(deps, (e) => events.push(e));
    await session.handle({ type: 'start', runId: 'r', design, config, dataset: { kind: 'mnist' } });
    const done = events[events.length - 1];
    expect(done.type).toBe('done');
    if (done.type !== 'done') return;
    expect(events.filter((e) => e.type === 'epoch')).toHaveLength(2);
    expect(done.testAccuracy).toBe(last.testAccuracy);
    expect(done.testLoss).toBeCloseTo(last.testLoss, 6);
    const workerWeights = new Uint8Array(done.weights.weightData);
    expect(workerWeights.length).toBe(cliWeights.length);
    expect(workerWeights.length).toBeGreaterThan(1000);
    expect(Buffer.from(workerWeights).equals(Buffer.from(cliWeights))).toBe(true);
  }, 120_000);
});
