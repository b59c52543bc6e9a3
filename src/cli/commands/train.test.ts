import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { TRAIN_CONFIG_FILE } from '../../core/export/training-recipe';
import { TRAIN_FIELDS } from '../../core/training/train-fields';
import type { TrainConfig } from '../../core/training/train-config';
import { loadMnistPart } from '../../data/mnist-node';
import { TRAIN_USAGE, parseTrainArgs, resolveWorkers } from './train-args';
import { captureOutput } from '../../test-support/cli';
import { run } from './train';

/** Runs the command in-process, capturing stdout/stderr. */
const cli = (args: string[]) => captureOutput(() => run(args));

/** A small seeded sora-lite-mnist run (dropout 0.25) with --out: the saved weights and the written train config. */
async function trainOut(flags: string): Promise<{ weights: Buffer; config: TrainConfig }> {
  const dir = mkdtempSync(join(tmpdir(), 'sora-train-out-'));
  const r = await cli(['sora-lite-mnist', ...`--limit 64 --test-limit 32 --batch 32 --workers 1 --json --out ${dir} ${flags}`.trim().split(/\s+/)]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return { weights: readFileSync(join(dir, 'weights.bin')), config: JSON.parse(readFileSync(join(dir, TRAIN_CONFIG_FILE), 'utf8')) as TrainConfig };
}

function serve(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const file = join(dir, (req.url ?? '/').split('?')[0].replace(/^\/+/, ''));
    if (!existsSync(file)) {
      res.statusCode = 404;
      res.end();
      return;
    }
    res.end(readFileSync(file));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address() as { port: number };
      resolve({ server, url: `http://127.0.0.1:${addr.port}` });
    }),
  );
}

describe('cli train', () => {
  let server: Server | null = null;
  afterAll(() => server?.close());

  it('parses options with defaults and rejects bad ones naming the problem', () => {
    const a = parseTrainArgs(['d.json', '--epochs', '2', '--batch', '32', '--limit', '100', '--json']);
    expect(a).toMatchObject({
      file: 'd.json',
      epochs: 2,
      batch: 32,
      limit: 100,
      json: true,
      optimizer: 'adam',
      lr: 0.005,
      schedule: 'cosine',
      backend: 'wasm',
    });
    expect(parseTrainArgs(['d.json'])).toMatchObject({ batch: 32, lr: 0.005, schedule: 'cosine' });
    expect(parseTrainArgs(['d.json', '--optimizer', 'sgd'])).toMatchObject({ lr: 0.05 });
    expect(parseTrainArgs(['d.json', '--lr', '0.002', '--schedule', 'constant'])).toMatchObject({ lr: 0.002, schedule: 'constant' });
    expect(() => parseTrainArgs(['d.json', '--schedule', 'step'])).toThrow("train: --schedule must be cosine or constant, got 'step'");
    expect(parseTrainArgs(['d.json', '--time-limit', '180']).timeLimit).toBe(180);
    expect(parseTrainArgs(['d.json']).timeLimit).toBeUndefined();
    expect(() => parseTrainArgs(['d.json', '--time-limit', '0'])).toThrow("train: --time-limit must be a positive number of seconds, got '0'");
    expect(() => parseTrainArgs(['d.json', '--epochs', '0'])).toThrow("train: --epochs must be an integer ≥ 1, got '0'");
    expect(() => parseTrainArgs(['d.json', '--dataset', 'cifar'])).toThrow("unknown dataset 'cifar'");
    expect(() => parseTrainArgs(['d.json', '--bogus'])).toThrow('unknown option --bogus');
    expect(() => parseTrainArgs([])).toThrow('expected one design/model file, got 0');
    expect(parseTrainArgs(['d.json']).memoryLimitBytes).toBe(8 * 2 ** 30);
    expect(parseTrainArgs(['d.json', '--memory-limit', '64']).memoryLimitBytes).toBe(64 * 2 ** 30);
    expect(() => parseTrainArgs(['d.json', '--memory-limit', '0'])).toThrow("train: --memory-limit must be a positive number of GiB, got '0'");
  });

  it('offers a flag for every training setting of the schema and parses them into the run config', () => {
    for (const f of TRAIN_FIELDS) expect(TRAIN_USAGE).toContain(`[${f.cli.flag}`);
    expect(TRAIN_USAGE).toContain('[--momentum M] [--shift PX] [--flip]');
    const a = parseTrainArgs(['d.json', '--optimizer', 'sgd', '--momentum', '0.9', '--shift', '2', '--flip', '--limit', '100']);
    expect(a.config).toEqual({
      optimizer: 'sgd',
      learningRate: 0.05,
      momentum: 0.9,
      schedule: 'cosine',
      batchSize: 32,
      epochs: 1,
      validationSplit: 0,
      seed: 42,
      limit: 100,
      augment: { shiftPixels: 2, flip: true },
    });
    // cli train's defaults: plain SGD (no momentum), no augmentation, no time limit.
    expect(parseTrainArgs(['d.json', '--optimizer', 'sgd']).config).toMatchObject({ augment: { shiftPixels: 0, flip: false } });
    expect(parseTrainArgs(['d.json', '--optimizer', 'sgd']).config.momentum).toBeUndefined();
    expect(() => parseTrainArgs(['d.json', '--momentum', '1'])).toThrow('train: --momentum must be');
    expect(() => parseTrainArgs(['d.json', '--shift', '9'])).toThrow('train: --shift must be');
  });

  it('--optimizer sgd --momentum 0.9 --shift 1 --flip reach the training loop and the written train config', async () => {
    // A constant rate: over these two steps the cosine schedule's second rate is 0, which would hide the momentum.
    const withMomentum = await trainOut('--seed 3 --schedule constant --optimizer sgd --momentum 0.9 --shift 1 --flip');
    expect(withMomentum.config).toMatchObject({
      optimizer: 'sgd',
      learningRate: 0.05,
      momentum: 0.9,
      augment: { shiftPixels: 1, flip: true },
      seed: 3,
    });
    const plain = await trainOut('--seed 3 --schedule constant --optimizer sgd --shift 1 --flip');
    expect(plain.config.momentum).toBeUndefined();
    expect(plain.weights.length).toBe(withMomentum.weights.length);
    expect(plain.weights.equals(withMomentum.weights)).toBe(false);
    const noAugment = await trainOut('--seed 3 --schedule constant --optimizer sgd --momentum 0.9');
    expect(noAugment.config.augment).toEqual({ shiftPixels: 0, flip: false });
    expect(noAugment.weights.equals(withMomentum.weights)).toBe(false);
  });

  it('two runs with the same seed of a design with dropout end with byte-identical weights; another seed differs', async () => {
    const a = await trainOut('--seed 11');
    const b = await trainOut('--seed 11');
    const c = await trainOut('--seed 12');
    expect(a.weights.length).toBeGreaterThan(1000);
    expect(b.weights.equals(a.weights)).toBe(true);
    expect(c.weights.length).toBe(a.weights.length);
    expect(c.weights.equals(a.weights)).toBe(false);
  });

  it('--workers: auto by default (all cores on wasm with ≥ 8 images each, one on cpu), at most the batch size, > 1 only on wasm', () => {
    expect(parseTrainArgs(['d.json']).workers).toBe('auto');
    expect(parseTrainArgs(['d.json', '--workers', 'auto']).workers).toBe('auto');
    expect(parseTrainArgs(['d.json', '--workers', '3']).workers).toBe(3);
    expect(() => parseTrainArgs(['d.json', '--workers', '0'])).toThrow("train: --workers must be an integer ≥ 1, got '0'");
    const args = parseTrainArgs(['d.json']);
    expect(resolveWorkers(args, 2)).toBe(2);
    expect(resolveWorkers(args, 8)).toBe(4); // batch 32: at least 8 images per thread
    expect(resolveWorkers({ ...args, batch: 128 }, 8)).toBe(8);
    expect(resolveWorkers({ ...args, batch: 4 }, 8)).toBe(1);
    expect(resolveWorkers({ ...args, backend: 'cpu' }, 4)).toBe(1);
    expect(resolveWorkers({ ...args, batch: 2, workers: 3 }, 4)).toBe(2);
    expect(resolveWorkers({ ...args, workers: 1 }, 4)).toBe(1);
    expect(() => resolveWorkers({ ...args, backend: 'cpu', workers: 2 }, 4)).toThrow('train: --workers 2 needs the wasm backend');
  });

  it('--workers 2: seeded runs of a design with dropout print identical losses and accuracies; the time limit still stops the run', async () => {
    // sora-lite-mnist has dropout 0.25: each replica's masks are seeded from the run seed (src/tf/seeded-dropout.ts).
    const args = ['sora-lite-mnist', ...'--limit 128 --batch 32 --test-limit 64 --epochs 2 --seed 5 --workers 2 --json'.split(' ')];
    const runs = [await cli(args), await cli(args)];
    const strip = (out: string) =>
      out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .map(({ seconds: _s, imagesPerSecond: _i, ...rest }) => rest);
    for (const r of runs) {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
    const [a, b] = runs.map((r) => strip(r.stdout));
    expect(a[0]).toMatchObject({ workers: 2 });
    expect(a).toHaveLength(4);
    expect(b).toEqual(a);
    const timed = await cli(['sora-lite-mnist', '--limit', '6000', '--test-limit', '64', '--time-limit', '2', '--workers', '2', '--json']);
    expect(timed.code).toBe(0);
    expect(timed.stdout).toContain('"timeLimitReached":true');
  });

  it('refuses a design too big to train before loading MNIST or compiling, with its size and the limit', async () => {
    const r = await cli(['seed-baseline', '--batch', '256']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^train: seed-baseline: Training this design needs about 1\d\.\d GB \(weights 808 MB, .*\), more than the 8 GiB limit for cli train \(raise it with --memory-limit GB\)\. Make the design smaller or lower the batch size\.\n$/,
    );
  });

  it('bad input exits 1 with one clear stderr line', async () => {
    const r = await cli(['no-such-design.json', '--limit', '10']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^train: no-such-design\.json: no such file or template \(templates: .*sora-lite-mnist.*\)\n$/);
    expect(r.stdout).toBe('');
    const bad = await cli(['x.json', '--batch', 'abc']);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('trains a template, prints JSON lines and writes a model that stock tf.loadLayersModel reloads exactly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sora-train-'));
    const r = await cli(['sora-lite-mnist', '--dataset', 'mnist', '--limit', '96', '--batch', '32', '--test-limit', '64', '--out', dir, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, number>);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ backend: 'wasm', trainImages: 96, testImages: 64 });
    expect(lines[1]).toMatchObject({ epoch: 0 });
    const last = lines[2];
    expect(last.testAccuracy).toBeGreaterThanOrEqual(0);
    expect(last.testAccuracy).toBeLessThanOrEqual(1);
    expect(last.imagesPerSecond).toBeGreaterThan(0);

    const s = await serve(dir);
    server = s.server;
    const model = await tf.loadLayersModel(`${s.url}/model.json`);
    const test = loadMnistPart('t10k', 64);
    const { acc, loss } = tf.tidy(() => {
      const x = tf.tensor4d(test.images, [64, 28, 28, 1]);
      const p = model.predict(x) as tf.Tensor2D;
      const y = tf.oneHot(tf.tensor1d(test.labels, 'int32'), 10);
      const hits = tf.sum(tf.cast(tf.equal(tf.argMax(p, -1), tf.argMax(y, -1)), 'float32')).dataSync()[0];
      const l = tf.neg(tf.mean(tf.sum(tf.mul(y, tf.log(tf.add(p, 1e-7))), -1))).dataSync()[0];
      return { acc: hits / 64, loss: l };
    });
    expect(acc).toBe(last.testAccuracy);
    expect(loss).toBeCloseTo(last.testLoss, 5);
    model.dispose();
  });
});
