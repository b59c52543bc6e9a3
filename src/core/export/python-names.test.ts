/**
 * Generated Python survives any layer name: a model whose layers are named after every nn.Module attribute,
 * Python keyword and builtin, and the generated files' own helpers/imports exports to a model.py that imports,
 * loads its weights strictly and predicts what tfjs predicts, and to a keras_model.py that builds and loads
 * (shape-only TensorFlow stand-in) with no generated name shadowing a module-level name or builtin.
 */
import * as tf from '@tensorflow/tfjs';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelFilesFromModel } from '../../tf/export/model-artifact';
import { assembleArtifact, parseModelJson } from './artifact';
import { exportArtifact } from './bundle';
import { decodeSafetensors } from './safetensors';
import { pythonIdentifiers } from './python-names';
import { GENERATED_CODE_NAMES, NN_MODULE_ATTRIBUTES, ODD_NAMES, PYTHON_BUILTINS, PYTHON_KEYWORDS } from './__tests__/hostile-names';
import { PYTHON, runPythonJson, writeF32 } from './__tests__/python';
import { mulberry32, randomInput, useCpu } from './__tests__/tf-models';

interface NamesReport {
  torchAttributes: string;
  files: Record<string, { shadowing: string[]; moduleAttributes: string[] }>;
}

/** What python3 itself reports (torch's nn.Module attributes, keywords, builtins); empty when python3/torch are missing. */
function namesFromPython(): string[] {
  try {
    const out = execFileSync(
      PYTHON,
      [
        '-c',
        [
          'import builtins, json, keyword',
          'names = keyword.kwlist + getattr(keyword, "softkwlist", []) + dir(builtins)',
          'try:\n import torch\n names += dir(torch.nn.Module())\nexcept Exception:\n pass',
          'print(json.dumps(names))',
        ].join('\n'),
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    return JSON.parse(out) as string[];
  } catch {
    return [];
  }
}

const NAMES = [
  ...new Set([...NN_MODULE_ATTRIBUTES, ...PYTHON_KEYWORDS, ...PYTHON_BUILTINS, ...GENERATED_CODE_NAMES, ...ODD_NAMES, ...namesFromPython()]),
];

/** Placeholder layer name `i` (tfjs refuses names such as `__init__` for layers with weights). */
const placeholder = (i: number): string => `zq${i}zq`;

/** The tfjs model files with each placeholder layer name (and its weight names) replaced by `names[i]`. */
function renameLayers(modelJson: string, names: readonly string[]): string {
  return modelJson.replace(/"zq(\d+)zq(\/[^"]*)?"/g, (_, i: string, rest: string | undefined) => JSON.stringify(names[Number(i)] + (rest ?? '')));
}

/**
 * Conv → separable (stride 2) → depthwise → BN → flatten, then a long chain of Dense / BN / Dropout / Activation
 * layers (tanh, hard sigmoid, mish, ...) — one layer per name, the input layer included.
 */
function hostileModel(names: string[]): tf.LayersModel {
  const pick = (() => {
    let i = 0;
    return () => placeholder(i++);
  })();
  const input = tf.input({ shape: [6, 6, 2], name: pick() });
  let x = tf.layers.conv2d({ filters: 3, kernelSize: 3, padding: 'same', activation: 'relu', name: pick() }).apply(input) as tf.SymbolicTensor;
  x = tf.layers
    .separableConv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', depthMultiplier: 2, name: pick() })
    .apply(x) as tf.SymbolicTensor;
  x = tf.layers.depthwiseConv2d({ kernelSize: 3, padding: 'same', name: pick() }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.batchNormalization({ name: pick() }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.flatten({ name: pick() }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.dense({ units: 8, name: pick() }).apply(x) as tf.SymbolicTensor;
  const acts = ['tanh', 'hardSigmoid', 'mish', 'linear', 'gelu', 'swish', 'relu6'];
  let k = 0;
  while (k < names.length - 8) {
    const name = pick();
    const kind = k % 4;
    const layer =
      kind === 0
        ? tf.layers.dense({ units: 8, activation: acts[(k / 4) % acts.length] as 'tanh', name })
        : kind === 1
          ? tf.layers.batchNormalization({ name })
          : kind === 2
            ? tf.layers.dropout({ rate: 0.1, name })
            : tf.layers.activation({ activation: 'tanh', name });
    x = layer.apply(x) as tf.SymbolicTensor;
    k++;
  }
  const out = tf.layers.dense({ units: 3, activation: 'softmax', name: pick() }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out, name: 'hostile names' });
}

/** Seeded weights that keep the signal O(1) through ~300 layers: 8×8 dense kernels near identity, BN near 1. */
function setWeights(model: tf.LayersModel, seed: number): void {
  const rnd = mulberry32(seed);
  model.setWeights(
    model.weights.map((w) => {
      const shape = w.shape as number[];
      const n = shape.reduce((a, b) => a * b, 1);
      const near1 = /moving_variance|gamma/.test(w.originalName);
      const identity = shape.length === 2 && shape[0] === 8 && shape[1] === 8;
      return tf.tensor(
        Float32Array.from({ length: n }, (_, i) => {
          const noise = (rnd() - 0.5) * 0.4;
          if (near1) return 1 + noise / 2;
          if (identity) return (i % 9 === 0 ? 1 : 0) + noise / 2;
          return noise;
        }),
        shape,
      );
    }),
  );
}

const root = mkdtempSync(join(tmpdir(), 'sora-python-names-'));
let torchReport: { skip?: string; cases: Record<string, { maxDiff?: (number | null)[]; paramCount?: number; error?: string }> } = { cases: {} };
let kerasReport: { cases: Record<string, { error?: string; countParams?: number }> } = { cases: {} };
let namesReport: NamesReport = { torchAttributes: '', files: {} };
let expectedParams = 0;
let stateKeys: string[] = [];
let layerNames: Record<string, string> = {};

beforeAll(async () => {
  await useCpu();
  const model = hostileModel(NAMES);
  setWeights(model, 5);
  expectedParams = model.countParams();
  const { modelJson, weightsBin } = await modelFilesFromModel(model);
  const artifact = assembleArtifact(parseModelJson(renameLayers(modelJson, NAMES)), () => weightsBin);
  const torchDir = join(root, 'torch', 'hostile');
  const kerasDir = join(root, 'keras', 'hostile');
  mkdirSync(torchDir, { recursive: true });
  mkdirSync(kerasDir, { recursive: true });
  for (const f of exportArtifact(artifact, 'pytorch').files) writeFileSync(join(torchDir, f.path), f.data);
  for (const f of exportArtifact(artifact, 'keras').files) writeFileSync(join(kerasDir, f.path), f.data);
  const safet = exportArtifact(artifact, 'pytorch').files.find((f) => f.path === 'weights.safetensors')!;
  const decoded = decodeSafetensors(safet.data);
  stateKeys = [...decoded.tensors.keys()];
  layerNames = JSON.parse(decoded.metadata.layer_names) as Record<string, string>;

  const input = randomInput([4, 6, 6, 2], 77);
  const pred = model.predict(input) as tf.Tensor;
  writeF32(torchDir, 'in0.bin', input.dataSync() as Float32Array);
  writeF32(torchDir, 'out0.bin', pred.dataSync() as Float32Array);
  writeFileSync(
    join(torchDir, 'case.json'),
    JSON.stringify({ inputs: [{ file: 'in0.bin', shape: input.shape }], outputs: [{ file: 'out0.bin', shape: pred.shape }] }),
  );
  tf.dispose([input, pred]);
  model.dispose();

  torchReport = runPythonJson(join(__dirname, '__tests__', 'check_torch_exports.py'), [join(root, 'torch')]);
  kerasReport = runPythonJson(join(__dirname, '__tests__', 'check_keras_exports.py'), [join(root, 'keras')]);
  const listFile = join(root, 'nn-module-attributes.json');
  writeFileSync(listFile, JSON.stringify(NN_MODULE_ATTRIBUTES));
  namesReport = runPythonJson(join(__dirname, '__tests__', 'check_python_names.py'), [
    listFile,
    ...['model.py', 'load.py'].map((f) => join(torchDir, f)),
    join(kerasDir, 'keras_model.py'),
  ]);
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('generated Python survives any layer name', () => {
  it(`covers every nn.Module attribute, keyword and builtin (${NAMES.length} names)`, () => {
    for (const n of [
      'forward',
      'training',
      'to',
      'eval',
      'train',
      'cuda',
      'parameters',
      'tfjs_hard_sigmoid',
      'mish',
      'def',
      '__init__',
      'print',
      'self',
      'torch',
      'layers',
    ]) {
      expect(NAMES).toContain(n);
    }
    expect(NAMES.length).toBeGreaterThan(250);
  });

  it('identifiers are l<index>_<sanitised name>: valid, unique, and never a name Python or torch already uses', () => {
    const ids = pythonIdentifiers(NAMES);
    const values = [...ids.values()];
    expect(new Set(values).size).toBe(NAMES.length);
    for (const v of values) expect(v).toMatch(/^l\d+_[A-Za-z0-9_]*$/);
    expect(ids.get('forward')).toBe(`l${NAMES.indexOf('forward')}_forward`);
    expect(ids.get('a.b')).toBe(`l${NAMES.indexOf('a.b')}_a_b`);
    expect(values.filter((v) => NAMES.includes(v))).toEqual([]);
  });

  it('model.py imports, loads weights.safetensors strictly and predicts what tfjs predicts', (ctx) => {
    if (torchReport.skip) ctx.skip(torchReport.skip);
    const r = torchReport.cases.hostile;
    expect(r.error).toBeUndefined();
    expect(r.paramCount).toBe(expectedParams);
    expect(r.maxDiff![0]).not.toBeNull();
    expect(r.maxDiff![0]!).toBeLessThan(1e-4);
  });

  it('state-dict keys use the Python names; the file metadata maps them back to the layer names', () => {
    const forwardId = `l${NAMES.indexOf('forward')}_forward`;
    expect(layerNames[forwardId]).toBe('forward');
    expect(Object.values(layerNames).sort()).toEqual([...NAMES].sort());
    for (const key of stateKeys) expect(layerNames[key.split('.')[0]], key).toBeDefined();
  });

  it('keras_model.py builds the model and loads weights.npz (TensorFlow stand-in)', () => {
    const r = kerasReport.cases.hostile;
    expect(r.error).toBeUndefined();
    expect(r.countParams).toBe(expectedParams);
  });

  it('no generated name shadows a module-level name, an import or a builtin; no nn.Module attribute is assigned', () => {
    expect(Object.keys(namesReport.files)).toHaveLength(3);
    for (const [file, r] of Object.entries(namesReport.files)) {
      expect(r.shadowing, file).toEqual([]);
      expect(r.moduleAttributes, file).toEqual([]);
    }
  });
});
