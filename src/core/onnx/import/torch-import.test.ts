/**
 * PyTorch → ONNX → Sora: make_torch_fixtures.py builds small torch nets and torch.onnx.export's them at opsets 11
 * and 17; each import must give PyTorch's params (BN folding and buffers as docs/onnx-import.md states), the MACs
 * computed in Python, and — compiled with tfjs and the imported weights — torch's outputs within 1e-4.
 * Skips with the reason when /usr/bin/python3 cannot import torch (CI installs python3-torch).
 */
import type * as tf from '@tensorflow/tfjs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeDesign } from '../../graph/analyze';
import { compileWithWeights, maxAbsDiff, predictNchw, useCpu } from './__tests__/imported-model';
import { importOnnxModel } from './import-onnx-model';

interface Fixture {
  name: string;
  opset: number;
  file: string;
  torchParams: number;
  torchBnBuffers: number;
  trainableParams: number;
  nonTrainableParams: number;
  macs: number;
  input: { shape: number[]; values: number[] };
  output: { shape: number[]; values: number[] };
}

const PYTHON = '/usr/bin/python3';
const dir = mkdtempSync(join(tmpdir(), 'sora-onnx-import-'));
let fixtures: Fixture[] = [];
let skip = '';
const diffs: string[] = [];

beforeAll(async () => {
  await useCpu();
  try {
    const out = execFileSync(PYTHON, [join(__dirname, '__tests__', 'make_torch_fixtures.py'), dir, '11', '17'], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      timeout: 120_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const report = JSON.parse(out.trim().split('\n').pop() ?? '{}') as { skip?: string; fixtures?: Fixture[] };
    skip = report.skip ?? '';
    fixtures = report.fixtures ?? [];
  } catch (e) {
    skip = `${PYTHON} could not run the fixture script (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`;
  }
  if (skip) console.warn(`SKIPPING PyTorch → ONNX import checks: ${skip}`);
}, 180_000);

afterAll(() => {
  if (diffs.length) console.info(`max |tfjs - torch| per fixture: ${diffs.join(', ')}`);
  rmSync(dir, { recursive: true, force: true });
});

const SUPPORTED = [
  'plain',
  'depthwise_separable',
  'dilated',
  'strided_asymmetric',
  'batch_norms',
  'residual',
  'concat',
  'small_cnn',
  'mnist_tiny',
  'stride2_pad1',
  'asym_zeropad',
  'resnet_stem',
  'avgpool_include_pad',
];
const OPSETS = [11, 17];

const fixture = (name: string, opset: number): Fixture => {
  const f = fixtures.find((x) => x.name === name && x.opset === opset);
  if (!f) throw new Error(`fixture ${name} opset ${opset} was not generated`);
  return f;
};

describe('torch.onnx.export models import with PyTorch counts and predictions', () => {
  for (const name of SUPPORTED) {
    for (const opset of OPSETS) {
      it(`${name} (opset ${opset}): params, MACs, output shape, and torch's outputs within 1e-4`, (ctx) => {
        if (skip) ctx.skip(skip);
        const f = fixture(name, opset);
        const r = importOnnxModel(readFileSync(f.file), `${name}.onnx`);
        if (!r.ok) throw new Error(r.error);
        const a = analyzeDesign(r.design);
        expect(a.valid).toBe(true);
        expect(a.totals.trainableParams).toBe(f.trainableParams);
        expect(a.totals.nonTrainableParams).toBe(f.nonTrainableParams);
        expect(a.totals.params).toBe(f.trainableParams + f.nonTrainableParams);
        expect(a.totals.macs).toBe(f.macs);
        expect(a.totals.outputShape).toEqual(f.output.shape.slice(1));
        expect(r.weights.reduce((s, w) => s + w.values.length, 0)).toBe(a.totals.params);

        let model: tf.LayersModel | null = null;
        try {
          model = compileWithWeights(r.design, r.weights);
          const y = predictNchw(model, f.input);
          expect(y.shape).toEqual(f.output.shape);
          const diff = maxAbsDiff(y.values, f.output.values);
          diffs.push(`${name}@${opset} ${diff.toExponential(1)}`);
          expect(diff).toBeLessThan(1e-4);
        } finally {
          model?.dispose();
        }
      });
    }
  }

  it('the fixtures span the Sora blocks: separable, receptive-field, BN kept after a pool, softmax folded into Output', (ctx) => {
    if (skip) ctx.skip(skip);
    const kinds = (name: string) => {
      const r = importOnnxModel(readFileSync(fixture(name, 17).file));
      if (!r.ok) throw new Error(r.error);
      return r.design.blocks.map((b) => `${b.kind}${typeof b.params.activation === 'string' ? `/${b.params.activation}` : ''}`);
    };
    expect(kinds('depthwise_separable')).toEqual([
      'input',
      'conv/relu',
      'separable-conv/relu',
      'depthwise-conv/tanh',
      'global-pool',
      'output/linear',
    ]);
    expect(kinds('dilated')).toEqual(['input', 'receptive-field-conv/relu', 'receptive-field-conv/sigmoid', 'avg-pool', 'flatten', 'output/linear']);
    expect(kinds('strided_asymmetric')).toEqual(['input', 'conv/relu6', 'conv/relu6', 'global-pool', 'output/softmax']);
    expect(kinds('batch_norms')).toEqual([
      'input',
      'conv/relu',
      'max-pool',
      'batch-norm',
      'flatten',
      'dense/linear',
      'batch-norm',
      'activation/relu',
      'output/linear',
    ]);
    expect(kinds('residual')).toEqual(['input', 'conv/relu', 'conv/relu', 'add', 'global-pool', 'output/softmax']);
  });

  it('pads that are neither TF same nor valid import as a Zero Padding block + valid conv / pool', (ctx) => {
    if (skip) ctx.skip(skip);
    const imported = (name: string) => {
      const r = importOnnxModel(readFileSync(fixture(name, 17).file));
      if (!r.ok) throw new Error(r.error);
      return r.design.blocks.map((b) => ({ kind: b.kind, params: b.params }));
    };
    const pad = (top: number, bottom: number, left: number, right: number) => ({ kind: 'zero-padding', params: { top, bottom, left, right } });
    const valid = expect.objectContaining({ padding: 'valid' });
    // stride 2, padding 1 on 12×12: torch pads (1, 1) and its last window ends at pixel 11, so the back pad is never read.
    const s2 = imported('stride2_pad1');
    expect(s2.slice(1, 4)).toEqual([
      pad(1, 0, 1, 0),
      { kind: 'conv', params: expect.objectContaining({ padding: 'valid', strides: [2, 2] }) },
      { kind: 'conv', params: expect.objectContaining({ padding: 'same' }) },
    ]);
    // nn.ZeroPad2d((left 0, right 1, top 2, bottom 0)) stays one block in front of the valid conv.
    expect(imported('asym_zeropad').slice(1, 3)).toEqual([pad(2, 0, 0, 1), { kind: 'conv', params: valid }]);
    // ResNet stem on 32×32: 7×7/2 pad 3 reads (3, 2) of it; max pool 3×3/2 pad 1 over ReLU outputs reads (1, 0).
    expect(imported('resnet_stem').map((b) => b.kind)).toEqual([
      'input',
      'zero-padding',
      'conv',
      'zero-padding',
      'max-pool',
      'global-pool',
      'output',
    ]);
    expect(imported('resnet_stem')[1]).toEqual(pad(3, 2, 3, 2));
    expect(imported('resnet_stem')[3]).toEqual(pad(1, 0, 1, 0));
    // torch exports count_include_pad=True as a Pad node in front of an unpadded AveragePool: a Zero Padding block.
    expect(imported('avgpool_include_pad').slice(2, 4)).toEqual([pad(1, 1, 1, 1), { kind: 'avg-pool', params: valid }]);
  });

  for (const opset of OPSETS) {
    it(`padded pools that zero padding cannot reproduce are refused with the reason (opset ${opset})`, (ctx) => {
      if (skip) ctx.skip(skip);
      const excl = importOnnxModel(readFileSync(fixture('avgpool_exclude_pad', opset).file), 'excl.onnx');
      expect(excl).toEqual({
        ok: false,
        error: expect.stringMatching(
          /\(AveragePool\): pads \[top 1, left 1, bottom 1, right 1\] on a 12×12 input .*count_include_pad=0.*count_include_pad=True/,
        ),
      });
      const signed = importOnnxModel(readFileSync(fixture('maxpool_signed', opset).file), 'signed.onnx');
      expect(signed).toEqual({
        ok: false,
        error: expect.stringMatching(/\(MaxPool\): pads \[top 1, left 1, bottom 1, right 1\] .*only when the input is ≥ 0 .*ReLU/),
      });
    });
  }

  it('BN accounting: PyTorch params + BN running statistics, less each BN export folded into its conv', (ctx) => {
    if (skip) ctx.skip(skip);
    const f = fixture('batch_norms', 11);
    // conv(bias=False)+BN(8) folded: -2·8 (γ, β) +8 (the conv's new bias); BN(8) after the pool and BN1d(16) kept.
    expect(f.trainableParams).toBe(f.torchParams - 2 * 8 + 8);
    expect(f.nonTrainableParams).toBe(f.torchBnBuffers - 2 * 8);
    const plain = fixture('plain', 17);
    expect(plain.trainableParams).toBe(plain.torchParams);
  });

  for (const opset of OPSETS) {
    it(`unsupported layers (opset ${opset}): the message names the node and the operator`, (ctx) => {
      if (skip) ctx.skip(skip);
      const grouped = importOnnxModel(readFileSync(fixture('grouped_conv', opset).file), 'grouped.onnx');
      expect(grouped).toEqual({
        ok: false,
        error: expect.stringMatching(/^grouped\.onnx: node '\/grouped\/Conv' \(Conv\): groups=2 \(grouped convolution\) is not supported/),
      });
      const leaky = importOnnxModel(readFileSync(fixture('leaky_relu', opset).file), 'leaky.onnx');
      expect(leaky).toEqual({
        ok: false,
        error: expect.stringMatching(/^leaky\.onnx: node '\/LeakyRelu' \(LeakyRelu\): operator 'LeakyRelu' is not supported; supported: Conv, /),
      });
    });
  }
});
