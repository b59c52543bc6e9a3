/**
 * Every tfjs model that leaves the app computes, in STOCK @tensorflow/tfjs (a separate Node process that imports
 * nothing else: no project code, no tfjs-layers patches), what the app computes in-process with its patches.
 * Exits covered: `cli train --out` and the worker's export (modelFilesFromModel), the Export menu from the live
 * run and from saved weights (trainedExportFiles), and `cli export --format tfjs` (runExport).
 * Then the round trip: importing the export gives back the original blocks (kernel, dilation) and predictions.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExport } from '../../cli/commands/export';
import { compileDesign } from '../../tf/compile';
import { artifactFromModel, modelFilesFromModel } from '../../tf/export/model-artifact';
import { modelFilesFromStoredWeights, trainedExportFiles, type ModelFiles } from '../compare/trained-export';
import type { Design } from '../graph/types';
import { cpuSized } from '../../test-support/designs';
import { importKerasModel } from '../keras/import/import-keras-model';
import { TemplateBuilder } from '../templates/builder';
import { TEMPLATES } from '../templates/index';
import { assembleArtifact, parseModelJson } from './artifact';
import { buildExportModel } from './export-model';
import { randomInput, randomizeWeights, useCpu } from './__tests__/tf-models';

const STOCK_SCRIPT = join(dirname(fileURLToPath(import.meta.url)), '__tests__', 'stock-tfjs-predict.mjs');
const TOLERANCE = 1e-5;

/** Every dilated path: dilated conv (linear, and relu on the fused path), separable dm 2, depthwise valid/same, odd 13×11 input. */
function dilatedPaths(): Design {
  const b = new TemplateBuilder('dilated paths');
  const input = b.add('input', { height: 13, width: 11, channels: 3 });
  const rfLinear = b.add('receptive-field-conv', { filters: 6, dilation: [2, 2], activation: 'linear' }, [input], { name: 'rf_linear' });
  const sep = b.add('separable-conv', { filters: 8, dilation: [2, 2], depthMultiplier: 2, activation: 'relu' }, [rfLinear], { name: 'sep_dm2' });
  const dwValid = b.add('depthwise-conv', { dilation: [2, 2], padding: 'valid', activation: 'relu' }, [sep], { name: 'dw_valid' });
  const dwSame = b.add(
    'depthwise-conv',
    { kernelSize: [3, 2], dilation: [2, 3], padding: 'same', depthMultiplier: 2, activation: 'linear' },
    [dwValid],
    {
      name: 'dw_same',
    },
  );
  const dwBn = b.add('depthwise-conv', { dilation: [3, 2], padding: 'same', batchNorm: true, useBias: false, activation: 'relu6' }, [dwSame], {
    name: 'dw_bn',
  });
  const rfFused = b.add('receptive-field-conv', { filters: 5, kernelSize: [2, 3], dilation: [2, 2], activation: 'relu', padding: 'valid' }, [dwBn], {
    name: 'rf_fused',
  });
  const enc = b.add('encoding', { pool: 'none', mode: 'flatten', embeddingUnits: 0, dropout: 0 }, [rfFused], { name: 'enc' });
  b.add('output', { units: 7, activation: 'softmax' }, [enc], { name: 'out' });
  return b.build();
}

/** Only 'same'-padded dilated depthwise convs: stock tfjs 4.22 loads it without complaint and silently computes k×k undilated. */
function dilatedDepthwiseSame(): Design {
  const b = new TemplateBuilder('dilated depthwise same');
  const input = b.add('input', { height: 13, width: 11, channels: 2 });
  const dw = b.add('depthwise-conv', { dilation: [2, 2], padding: 'same', depthMultiplier: 2, activation: 'relu' }, [input], { name: 'dw' });
  const enc = b.add('encoding', { pool: 'none', mode: 'global-avg', embeddingUnits: 0, dropout: 0 }, [dw], { name: 'enc' });
  b.add('output', { units: 4, activation: 'softmax' }, [enc], { name: 'out' });
  return b.build();
}

const DESIGNS: { id: string; design: Design }[] = [
  ...TEMPLATES.map((t) => ({ id: t.id, design: cpuSized(t.build()) })),
  { id: 'dilated-paths', design: dilatedPaths() },
  { id: 'dilated-depthwise-same', design: dilatedDepthwiseSame() },
];

interface Case {
  id: string;
  modelJson: string;
  inputShape: number[];
  input: number[];
}

interface StockResult {
  shape?: number[];
  values?: number[];
  error?: string;
}

function writeFiles(dir: string, files: { path: string; data: Uint8Array | string }[]): string {
  mkdirSync(dir, { recursive: true });
  for (const f of files) writeFileSync(join(dir, f.path), f.data);
  return join(dir, 'model.json');
}

function modelFilesOut(files: ModelFiles): { path: string; data: Uint8Array | string }[] {
  return [
    { path: 'model.json', data: files.modelJson },
    { path: 'weights.bin', data: files.weightsBin },
  ];
}

function runStock(root: string, cases: Case[]): Record<string, StockResult> {
  const job = join(root, 'job.json');
  const result = join(root, 'result.json');
  writeFileSync(job, JSON.stringify({ cases }));
  execFileSync(process.execPath, [STOCK_SCRIPT, job, result], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 240_000 });
  return JSON.parse(readFileSync(result, 'utf8')) as Record<string, StockResult>;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return a.length === b.length ? m : Infinity;
}

let root = '';
beforeAll(async () => {
  await useCpu();
  root = mkdtempSync(join(tmpdir(), 'sora-stock-tfjs-'));
});
afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('tfjs exports compute the same in stock tfjs (separate Node process, no project code)', () => {
  const app = new Map<string, { shape: number[]; values: Float32Array }>();
  const cases: Case[] = [];
  let stock: Record<string, StockResult> = {};

  beforeAll(async () => {
    for (const [i, { id, design }] of DESIGNS.entries()) {
      const model = compileDesign(design);
      randomizeWeights(model, 11 + i);
      const inputShape = [2, ...(model.inputs[0].shape.slice(1) as number[])];
      const x = randomInput(inputShape, 5 + i);
      const y = model.predict(x) as tf.Tensor;
      app.set(id, { shape: y.shape, values: (await y.data()) as Float32Array });
      const input = Array.from(await x.data());
      tf.dispose([x, y]);

      const trainOut = await modelFilesFromModel(model); // cli train --out, the worker's export
      const raw = await artifactFromModel(model); // what a run saves with its weights
      model.dispose();
      const exits: Record<string, string> = {
        'train-out': writeFiles(join(root, id, 'train-out'), modelFilesOut(trainOut)),
        'menu-live': writeFiles(join(root, id, 'menu-live'), trainedExportFiles(trainOut, 'tfjs')),
        'menu-saved': writeFiles(
          join(root, id, 'menu-saved'),
          trainedExportFiles(modelFilesFromStoredWeights(design, raw.weightSpecs, raw.weightData), 'tfjs'),
        ),
      };
      const cliOut = join(root, id, 'cli-export');
      runExport({ modelPath: exits['train-out'], format: 'tfjs', outDir: cliOut, zip: false });
      exits['cli-export'] = join(cliOut, 'model.json');
      for (const [exit, modelJson] of Object.entries(exits)) cases.push({ id: `${id}/${exit}`, modelJson, inputShape, input });
    }
    stock = runStock(root, cases);
  }, 300_000);

  for (const { id } of DESIGNS) {
    for (const exit of ['train-out', 'menu-live', 'menu-saved', 'cli-export']) {
      it(`${id} via ${exit}: stock tfjs predicts what the app predicts (within ${TOLERANCE})`, () => {
        const want = app.get(id)!;
        const got = stock[`${id}/${exit}`];
        expect(got?.error).toBeUndefined();
        expect(got.shape).toEqual(want.shape);
        expect(maxAbsDiff(got.values!, want.values)).toBeLessThanOrEqual(TOLERANCE);
      });
    }
  }
});

describe('re-importing a tfjs export', () => {
  it('restores the dilated blocks (kernel, dilation) and, with the exported weights, the same predictions', async () => {
    const design = dilatedPaths();
    const model = compileDesign(design);
    randomizeWeights(model, 3);
    const x = randomInput([2, 13, 11, 3], 9);
    const want = model.predict(x) as tf.Tensor;
    const files = trainedExportFiles(await modelFilesFromModel(model), 'tfjs');
    model.dispose();
    const text = (path: string): Uint8Array => files.find((f) => f.path === path)!.data;
    const modelJson = new TextDecoder().decode(text('model.json'));

    const imported = importKerasModel(modelJson, 'model.json');
    expect(imported.ok ? imported.warnings : imported.error).toEqual([]);
    if (!imported.ok) return;
    const convKinds = new Set(['conv', 'receptive-field-conv', 'separable-conv', 'depthwise-conv']);
    const convs = (d: Design) =>
      Object.fromEntries(
        d.blocks
          .filter((b) => convKinds.has(b.kind))
          .map((b) => [b.name, { kind: b.kind, kernelSize: b.params.kernelSize, dilation: b.params.dilation, padding: b.params.padding }]),
      );
    expect(convs(imported.design)).toEqual(convs(design));

    // The exporter's reading of the file (what `cli export` to PyTorch/Keras works from) has the original kernels.
    const exported = buildExportModel(assembleArtifact(parseModelJson(modelJson), () => text('weights.bin')));
    const again = compileDesign(imported.design);
    const byName = new Map(exported.manifestWeights.map((w) => [w.name, w]));
    again.setWeights(
      again.weights.map((w) => {
        const t = byName.get(w.originalName);
        if (!t) throw new Error(`no exported weight for ${w.originalName}`);
        return tf.tensor(t.data, t.shape);
      }),
    );
    const got = again.predict(x) as tf.Tensor;
    expect(got.shape).toEqual(want.shape);
    expect(maxAbsDiff(await got.data(), await want.data())).toBeLessThanOrEqual(TOLERANCE);
    tf.dispose([x, want, got]);
    again.dispose();
  });
});
