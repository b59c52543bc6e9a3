/**
 * Keras export: keras_model.py is valid Python, declares the model's layers and parameter count, and its
 * build_and_load() runs (under a shape-only TensorFlow stand-in) with every weights.npz array matching the shapes
 * its layer kwargs imply. One python process checks all models.
 */
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelFilesFromModel } from '../../tf/export/model-artifact';
import { assembleArtifact, parseModelJson } from './artifact';
import { exportArtifact } from './bundle';
import { runPythonJson } from './__tests__/python';
import { ALL_TEST_MODELS, randomizeWeights, useCpu } from './__tests__/tf-models';

interface CaseReport {
  error?: string;
  declared: string[];
  built: string[];
  functions: string[];
  expectedParams: number;
  countParams: number;
  outputShapes: number[][];
  npz: Record<string, number>;
  npzDtypes: string[];
  usesMirroredStrategy: boolean;
}

interface Expected {
  classes: string[];
  tfjsClasses: string[];
  params: number;
  outputShapes: number[][];
  sums: Record<string, number>;
}

const root = mkdtempSync(join(tmpdir(), 'sora-keras-export-'));
const expected: Record<string, Expected> = {};
let report: { cases: Record<string, CaseReport> } = { cases: {} };

beforeAll(async () => {
  await useCpu();
  let seed = 11;
  for (const [id, build] of Object.entries(ALL_TEST_MODELS)) {
    const model = build();
    randomizeWeights(model, seed++);
    const { modelJson, weightsBin } = await modelFilesFromModel(model);
    const result = exportArtifact(
      assembleArtifact(parseModelJson(modelJson), () => weightsBin),
      'keras',
    );
    const dir = join(root, id);
    mkdirSync(dir);
    for (const f of result.files) writeFileSync(join(dir, f.path), f.data);
    const sums: Record<string, number> = {};
    model.weights.forEach((w) => {
      sums[w.originalName] = (w.read().dataSync() as Float32Array).reduce((a, b) => a + b, 0);
    });
    expected[id] = {
      classes: result.model.layers.filter((l) => l.className !== 'InputLayer').map((l) => l.className),
      tfjsClasses: model.layers
        .map((l) => l.getClassName())
        .filter((c) => c !== 'InputLayer')
        .sort(),
      params: model.countParams(),
      outputShapes: model.outputs.map((o) => o.shape.slice(1) as number[]),
      sums,
    };
    model.dispose();
  }
  report = runPythonJson(join(__dirname, '__tests__', 'check_keras_exports.py'), [root]);
  void tf;
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('Keras export', () => {
  for (const id of Object.keys(ALL_TEST_MODELS)) {
    it(`${id}: script parses, declares the same layers/params, and loads weights.npz with matching shapes`, () => {
      const r = report.cases[id];
      const e = expected[id];
      expect(r.error).toBeUndefined();
      expect(r.declared).toEqual(e.classes);
      expect(r.built).toEqual(e.classes);
      expect([...r.declared].sort()).toEqual(e.tfjsClasses);
      expect(r.expectedParams).toBe(e.params);
      expect(r.countParams).toBe(e.params);
      expect(r.outputShapes).toEqual(e.outputShapes);
      expect(r.functions).toEqual(expect.arrayContaining(['build_model', 'load_weights', 'build_and_load', 'train_at_scale']));
      expect(r.usesMirroredStrategy).toBe(true);
      expect(r.npzDtypes).toEqual(['float32']);
      expect(Object.keys(r.npz).sort()).toEqual(Object.keys(e.sums).sort());
      for (const [k, s] of Object.entries(e.sums)) expect(r.npz[k]).toBeCloseTo(s, 3);
    });
  }
});
