/**
 * End-to-end numeric check: tfjs (cpu) predictions vs the exported PyTorch module run by /usr/bin/python3.
 * One python process checks all models.
 */
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileDesign } from '../../tf/compile';
import { modelFilesFromModel } from '../../tf/export/model-artifact';
import { getTemplate } from '../templates';
import { assembleArtifact, parseModelJson } from './artifact';
import { exportArtifact } from './bundle';
import { decodeSafetensors } from './safetensors';
import { runPythonJson, writeF32 } from './__tests__/python';
import { ALL_TEST_MODELS, randomInput, randomizeWeights, useCpu } from './__tests__/tf-models';

interface CaseReport {
  maxDiff?: (number | null)[];
  shapes?: number[][];
  outputs?: number;
  paramCount?: number;
  training?: boolean;
  error?: string;
}
interface Report {
  skip?: string;
  torch?: string;
  cases: Record<string, CaseReport>;
}

const root = mkdtempSync(join(tmpdir(), 'sora-torch-export-'));
const expectedParams: Record<string, number> = {};
const expectedShapes: Record<string, number[][]> = {};
const stateKeys: Record<string, string[]> = {};
let report: Report = { cases: {} };

beforeAll(async () => {
  await useCpu();
  let seed = 1;
  for (const [id, build] of Object.entries(ALL_TEST_MODELS)) {
    const model = build();
    randomizeWeights(model, seed++);
    const { modelJson, weightsBin } = await modelFilesFromModel(model);
    const artifact = assembleArtifact(parseModelJson(modelJson), (p) => (p === 'weights.bin' ? weightsBin : null));
    const { files } = exportArtifact(artifact, 'pytorch');
    const dir = join(root, id);
    mkdirSync(dir);
    for (const f of files) writeFileSync(join(dir, f.path), f.data);
    const safet = files.find((f) => f.path === 'weights.safetensors')!;
    stateKeys[id] = [...decodeSafetensors(safet.data).tensors.keys()];

    const inputs = model.inputs.map((inp, i) => randomInput([3, ...(inp.shape.slice(1) as number[])], 100 * seed + i));
    const preds = model.predict(inputs.length === 1 ? inputs[0] : inputs);
    const outs = Array.isArray(preds) ? preds : [preds];
    const caseJson = {
      inputs: inputs.map((t, i) => ({ file: `in${i}.bin`, shape: t.shape })),
      outputs: outs.map((t, i) => ({ file: `out${i}.bin`, shape: t.shape })),
    };
    inputs.forEach((t, i) => writeF32(dir, `in${i}.bin`, t.dataSync() as Float32Array));
    outs.forEach((t, i) => writeF32(dir, `out${i}.bin`, t.dataSync() as Float32Array));
    writeFileSync(join(dir, 'case.json'), JSON.stringify(caseJson));
    expectedParams[id] = model.countParams();
    expectedShapes[id] = outs.map((t) => t.shape);
    tf.dispose([...inputs, ...outs]);
    model.dispose();
  }
  // MobileNet v1 (4.25M params, 224×224): too slow to predict on the tfjs cpu backend, so shapes and counts only.
  const mobilenet = compileDesign(getTemplate('mobilenet-v1')!.build(), { zeroInit: true });
  randomizeWeights(mobilenet, 99);
  const mb = await modelFilesFromModel(mobilenet);
  const mbDir = join(root, 'mobilenet-v1');
  mkdirSync(mbDir);
  for (const f of exportArtifact(
    assembleArtifact(parseModelJson(mb.modelJson), () => mb.weightsBin),
    'pytorch',
  ).files)
    writeFileSync(join(mbDir, f.path), f.data);
  const zeros = new Float32Array(224 * 224 * 3);
  writeF32(mbDir, 'in0.bin', zeros);
  writeFileSync(
    join(mbDir, 'case.json'),
    JSON.stringify({ inputs: [{ file: 'in0.bin', shape: [1, 224, 224, 3] }], outputs: [{ shape: [1, 1000] }] }),
  );
  expectedParams['mobilenet-v1'] = mobilenet.countParams();
  mobilenet.dispose();

  report = runPythonJson<Report>(join(__dirname, '__tests__', 'check_torch_exports.py'), [root]);
  if (report.skip) console.warn(`SKIPPING PyTorch numeric checks: ${report.skip}`);
  else {
    const worst = Object.entries(report.cases).map(
      ([id, r]) => `${id} ${r.maxDiff?.map((d) => (d === null ? '-' : d.toExponential(1))).join('/') ?? r.error}`,
    );
    console.info(`torch ${report.torch} max |tfjs - torch|: ${worst.join(', ')}`);
  }
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('PyTorch export reproduces tfjs predictions', () => {
  for (const id of Object.keys(ALL_TEST_MODELS)) {
    it(`${id}: same outputs (max abs diff < 1e-4), shapes and parameter count`, (ctx) => {
      if (report.skip) ctx.skip(report.skip);
      const r = report.cases[id];
      expect(r?.error).toBeUndefined();
      expect(r.shapes).toEqual(expectedShapes[id]);
      expect(r.maxDiff?.length).toBe(expectedShapes[id].length);
      for (const d of r.maxDiff ?? []) {
        expect(d).not.toBeNull();
        expect(d!).toBeLessThan(1e-4);
      }
      expect(r.paramCount).toBe(expectedParams[id]);
      expect(r.training).toBe(false);
    });
  }

  it('mobilenet-v1 template: loads strictly, 4,253,864 parameters, [1, 1000] output', (ctx) => {
    if (report.skip) ctx.skip(report.skip);
    const r = report.cases['mobilenet-v1'];
    expect(r?.error).toBeUndefined();
    expect(expectedParams['mobilenet-v1']).toBe(4_253_864);
    expect(r.paramCount).toBe(4_253_864);
    expect(r.shapes).toEqual([[1, 1000]]);
  });

  it('writes torch-layout tensors with module-path names (separable conv split into depthwise/pointwise)', () => {
    const keys = stateKeys.dilated_separable;
    expect(keys.some((k) => /\.depthwise\.weight$/.test(k))).toBe(true);
    expect(keys.some((k) => /\.pointwise\.bias$/.test(k))).toBe(true);
    expect(keys.filter((k) => k.endsWith('running_var'))).toHaveLength(1);
    expect(keys.filter((k) => k.endsWith('num_batches_tracked'))).toHaveLength(1);
  });
});
