/**
 * ONNX import without Python: the committed small-cnn.onnx (written once by
 * `python3 __tests__/make_torch_fixtures.py OUT 13 --only small_cnn`, expected values beside it) and small
 * graphs built here with the shared proto encoder.
 */
import * as ort from 'onnxruntime-node';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeDesign } from '../../graph/analyze';
import { encodeModel, onnx, type INodeProto, type ITensorProto } from '../proto';
import { compileWithWeights, maxAbsDiff, predictNchw, useCpu } from './__tests__/imported-model';
import { importOnnxModel } from './import-onnx-model';
import { weightsBlob } from './weight-layout';

const FIX = join(__dirname, '__fixtures__');
const expected = JSON.parse(readFileSync(join(FIX, 'small-cnn.expected.json'), 'utf8')) as {
  trainableParams: number;
  nonTrainableParams: number;
  torchParams: number;
  torchBnBuffers: number;
  macs: number;
  input: { shape: number[]; values: number[] };
  output: { shape: number[]; values: number[] };
};

const A = onnx.AttributeProto.AttributeType;
const ints = (name: string, v: number[]) => ({ name, type: A.INTS, ints: v });
const int = (name: string, v: number) => ({ name, type: A.INT, i: v });
const float = (name: string, v: number) => ({ name, type: A.FLOAT, f: v });
const seq = (n: number, scale = 0.01) => Array.from({ length: n }, (_, i) => ((i % 7) - 3) * scale);
const fl = (name: string, dims: number[], values = seq(dims.reduce((a, b) => a * b, 1))): ITensorProto => ({
  name,
  dims,
  dataType: onnx.TensorProto.DataType.FLOAT,
  floatData: values,
});
const i64 = (name: string, values: number[]): ITensorProto => ({
  name,
  dims: [values.length],
  dataType: onnx.TensorProto.DataType.INT64,
  int64Data: values,
});

/** A one-input model: image [1, c, h, w] → nodes → the last node's first output. */
function model(nodes: INodeProto[], initializer: ITensorProto[], opts: { opset?: number; input?: (number | string)[] } = {}): Uint8Array {
  const dims = (opts.input ?? [1, 3, 8, 8]).map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
  const out = nodes[nodes.length - 1].output?.[0] ?? '';
  return encodeModel({
    irVersion: 7,
    opsetImport: [{ domain: '', version: opts.opset ?? 13 }],
    graph: {
      name: 'g',
      node: nodes,
      initializer,
      input: [{ name: 'x', type: { tensorType: { elemType: 1, shape: { dim: dims } } } }],
      output: [{ name: out }],
    },
  });
}

/** Flatten + Gemm(4 units, transB) on tensor `x` (weights: headWeights(its size)): the classifier the app compiles up to. */
const head = (x: string): INodeProto[] => [
  { name: 'flat', opType: 'Flatten', input: [x], output: ['flat_out'] },
  { name: 'fc', opType: 'Gemm', input: ['flat_out', 'fc.w', 'fc.b'], output: ['scores'], attribute: [int('transB', 1)] },
];
const headWeights = (features: number): ITensorProto[] => [fl('fc.w', [4, features], seq(4 * features, 0.03)), fl('fc.b', [4])];

/** Max |tfjs − onnxruntime| of the imported design (compiled, imported weights) on a fixed [1, 3, 8, 8] input. */
async function diffToOrt(
  bytes: Uint8Array,
  r: { design: Parameters<typeof compileWithWeights>[0]; weights: Parameters<typeof compileWithWeights>[1] },
): Promise<number> {
  const input = { shape: [1, 3, 8, 8], values: Array.from({ length: 192 }, (_, i) => Math.sin(i * 1.7) * 2) };
  const session = await ort.InferenceSession.create(bytes);
  const out = await session.run({ x: new ort.Tensor('float32', Float32Array.from(input.values), input.shape) });
  const expected = out[session.outputNames[0]].data as Float32Array;
  const m = compileWithWeights(r.design, r.weights);
  try {
    return maxAbsDiff(predictNchw(m, input).values, expected);
  } finally {
    m.dispose();
  }
}

const convNode = (name: string, x: string, y: string, attrs: object[] = [], bias = true): INodeProto => ({
  name,
  opType: 'Conv',
  input: bias ? [x, `${name}.w`, `${name}.b`] : [x, `${name}.w`],
  output: [y],
  attribute: attrs,
});

describe('committed fixture small-cnn.onnx (torch.onnx.export, opset 13)', () => {
  beforeAll(useCpu);
  const r = importOnnxModel(readFileSync(join(FIX, 'small-cnn.onnx')), 'small-cnn.onnx');

  it('becomes conv → Separable Conv → Receptive-Field Conv → max-pool → batch-norm → flatten → Output(softmax)', () => {
    if (!r.ok) throw new Error(r.error);
    expect(r.design.name).toBe('small-cnn');
    expect(r.design.blocks.map((b) => [b.name, b.kind])).toEqual([
      ['image', 'input'],
      ['conv', 'conv'],
      ['dw', 'separable-conv'],
      ['rf', 'receptive-field-conv'],
      ['pool', 'max-pool'],
      ['bn', 'batch-norm'],
      ['reshape', 'flatten'],
      ['fc', 'output'],
    ]);
    const sep = r.design.blocks[2].params;
    expect(sep).toMatchObject({ filters: 16, depthMultiplier: 1, kernelSize: [3, 3], padding: 'same', activation: 'relu6', useBias: true });
    expect(r.design.blocks[3].params).toMatchObject({ dilation: [2, 2], padding: 'same', activation: 'relu', filters: 8 });
    expect(r.design.blocks[5].params).toEqual({ epsilon: 1e-5, momentum: 0.9 });
    expect(r.design.blocks[7].params).toMatchObject({ units: 10, activation: 'softmax' });
  });

  it("counts PyTorch's params (+ BN running statistics as non-trainable) and the MACs computed in Python", () => {
    if (!r.ok) throw new Error(r.error);
    const a = analyzeDesign(r.design);
    expect(a.totals.trainableParams).toBe(expected.torchParams);
    expect(a.totals.nonTrainableParams).toBe(expected.torchBnBuffers);
    expect(a.totals.macs).toBe(expected.macs);
    expect(a.totals.outputShape).toEqual([10]);
    expect(a.blocks.map((b) => b.outputShape)).toEqual([[12, 12, 3], [12, 12, 8], [12, 12, 16], [12, 12, 8], [6, 6, 8], [6, 6, 8], [288], [10]]);
  });

  it("imported weights give torch's predictions (tfjs cpu, within 1e-4) and pack as a tfjs weights blob", () => {
    if (!r.ok) throw new Error(r.error);
    const model = compileWithWeights(r.design, r.weights);
    try {
      const y = predictNchw(model, expected.input);
      expect(y.shape).toEqual(expected.output.shape);
      expect(maxAbsDiff(y.values, expected.output.values)).toBeLessThan(1e-4);
    } finally {
      model.dispose();
    }
    const blob = weightsBlob(r.weights);
    expect(blob.weightData.byteLength).toBe(4 * (expected.trainableParams + expected.nonTrainableParams));
    expect(blob.weightSpecs.map((s) => s.name)).toContain('dw/pointwise_kernel');
  });
});

describe('hand-built graphs', () => {
  it('an unsupported operator: the message names the file, node and operator; nothing else is returned', () => {
    const bytes = model([{ name: 'up1', opType: 'Upsample', input: ['x'], output: ['y'] }], []);
    expect(importOnnxModel(bytes, 'm.onnx')).toEqual({
      ok: false,
      error: expect.stringMatching(/^m\.onnx: node 'up1' \(Upsample\): operator 'Upsample' is not supported; supported: Conv, BatchNormalization/),
    });
  });

  it("explicit pads that are neither 'same' nor 'valid' (torch padding=1 with stride 2): Zero Padding + valid conv, onnxruntime's outputs", async () => {
    const conv = convNode('c1', 'x', 'y', [ints('kernel_shape', [3, 3]), ints('strides', [2, 2]), ints('pads', [1, 1, 1, 1])]);
    const bytes = model([conv, ...head('y')], [fl('c1.w', [4, 3, 3, 3]), fl('c1.b', [4]), ...headWeights(4 * 4 * 4)]);
    const r = importOnnxModel(bytes, 'm.onnx');
    if (!r.ok) throw new Error(r.error);
    // torch pads (1, 1) on 8×8 but its last window ends at pixel 7: the bottom/right pad is never read.
    expect(r.design.blocks.map((b) => b.kind)).toEqual(['input', 'zero-padding', 'conv', 'flatten', 'output']);
    expect(r.design.blocks[1]).toMatchObject({ name: 'c1_pad', params: { top: 1, bottom: 0, left: 1, right: 0 } });
    expect(r.design.blocks[2].params).toMatchObject({ padding: 'valid', strides: [2, 2] });
    expect(analyzeDesign(r.design).totals.macs).toBe(4 * 4 * 4 * 27 + 64 * 4);
    expect(await diffToOrt(bytes, r)).toBeLessThan(1e-4);
  });

  it("pads [0, 0, 1, 1] with stride 2 on an even input are TensorFlow's 'same'", () => {
    const bytes = model(
      [
        convNode('c1', 'x', 'y', [ints('kernel_shape', [3, 3]), ints('strides', [2, 2]), ints('pads', [0, 0, 1, 1])]),
        { name: 'f', opType: 'Flatten', input: ['y'], output: ['z'] },
      ],
      [fl('c1.w', [4, 3, 3, 3]), fl('c1.b', [4])],
    );
    const r = importOnnxModel(bytes);
    if (!r.ok) throw new Error(r.error);
    expect(r.design.blocks[1].params).toMatchObject({ padding: 'same', strides: [2, 2] });
    expect(analyzeDesign(r.design).byId[r.design.blocks[1].id].outputShape).toEqual([4, 4, 4]);
  });

  it('Clip as ReLU6: min/max attributes (opset 10) and Constant inputs (opset 11+); other bounds are refused', () => {
    const w = [fl('c1.w', [4, 3, 3, 3]), fl('c1.b', [4])];
    const old = importOnnxModel(
      model(
        [
          convNode('c1', 'x', 'y', [ints('kernel_shape', [3, 3])]),
          { name: 'clip', opType: 'Clip', input: ['y'], output: ['z'], attribute: [float('min', 0), float('max', 6)] },
        ],
        w,
        { opset: 10 },
      ),
    );
    if (!old.ok) throw new Error(old.error);
    expect(old.design.blocks[1].params.activation).toBe('relu6');
    const constant = (name: string, v: number): INodeProto => ({
      name,
      opType: 'Constant',
      output: [name],
      attribute: [{ name: 'value', type: A.TENSOR, t: fl('', [], [v]) }],
    });
    const clip = (lo: number, hi: number) =>
      importOnnxModel(
        model(
          [
            convNode('c1', 'x', 'y', [ints('kernel_shape', [3, 3])]),
            constant('lo', lo),
            constant('hi', hi),
            { name: 'clip', opType: 'Clip', input: ['y', 'lo', 'hi'], output: ['z'] },
          ],
          w,
          { opset: 11 },
        ),
        'm.onnx',
      );
    const r6 = clip(0, 6);
    if (!r6.ok) throw new Error(r6.error);
    expect(r6.design.blocks.map((b) => b.kind)).toEqual(['input', 'conv']);
    expect(r6.design.blocks[1].params.activation).toBe('relu6');
    expect(clip(-1, 1)).toEqual({
      ok: false,
      error: "m.onnx: node 'clip' (Clip): Clip(min=-1, max=1) is not supported (only min 0 with max 6 = ReLU6, or no max = ReLU)",
    });
  });

  it('MatMul + Add(bias) becomes one Dense/Output with bias; Gemm with transB=0 and alpha scales the kernel', () => {
    const nodes: INodeProto[] = [
      { name: 'gap', opType: 'GlobalAveragePool', input: ['x'], output: ['g'] },
      { name: 'flat', opType: 'Flatten', input: ['g'], output: ['v'] },
      { name: 'mm', opType: 'MatMul', input: ['v', 'W'], output: ['h'] },
      { name: 'bias', opType: 'Add', input: ['h', 'B'], output: ['hb'] },
      { name: 'relu', opType: 'Relu', input: ['hb'], output: ['r'] },
      { name: 'head', opType: 'Gemm', input: ['r', 'W2', 'B2'], output: ['o'], attribute: [float('alpha', 2), int('transB', 0)] },
    ];
    const r = importOnnxModel(model(nodes, [fl('W', [3, 5]), fl('B', [5]), fl('W2', [5, 2], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), fl('B2', [2])]));
    if (!r.ok) throw new Error(r.error);
    expect(r.design.blocks.map((b) => b.kind)).toEqual(['input', 'global-pool', 'dense', 'output']);
    expect(r.design.blocks[2].params).toMatchObject({ units: 5, useBias: true, activation: 'relu' });
    expect(analyzeDesign(r.design).totals.params).toBe(3 * 5 + 5 + 5 * 2 + 2);
    expect([...(r.weights.find((x) => x.name === 'head/kernel')?.values ?? [])]).toEqual([2, 4, 6, 8, 10, 12, 14, 16, 18, 20]);
  });

  it('depthwise (no bias) + 1×1 conv is one Separable Conv; with a depthwise bias they stay two blocks, with a warning', () => {
    const graph = (dwBias: boolean) =>
      model(
        [
          convNode('dw', 'x', 'd', [ints('kernel_shape', [3, 3]), int('group', 3), ints('pads', [1, 1, 1, 1])], dwBias),
          convNode('pw', 'd', 'y', [ints('kernel_shape', [1, 1])]),
        ],
        [fl('dw.w', [6, 1, 3, 3]), fl('dw.b', [6]), fl('pw.w', [4, 6, 1, 1]), fl('pw.b', [4])],
      );
    const merged = importOnnxModel(graph(false));
    if (!merged.ok) throw new Error(merged.error);
    expect(merged.design.blocks.map((b) => b.kind)).toEqual(['input', 'separable-conv']);
    expect(merged.design.blocks[1].params).toMatchObject({ depthMultiplier: 2, filters: 4, padding: 'same' });
    expect(merged.weights.map((w) => `${w.name} [${w.shape}]`)).toEqual([
      'dw/depthwise_kernel [3,3,3,2]',
      'dw/pointwise_kernel [1,1,6,4]',
      'dw/bias [4]',
    ]);
    const split = importOnnxModel(graph(true));
    if (!split.ok) throw new Error(split.error);
    expect(split.design.blocks.map((b) => b.kind)).toEqual(['input', 'depthwise-conv', 'conv']);
    expect(analyzeDesign(split.design).totals.params).toBe(6 * 9 + 6 + 6 * 4 + 4);
    expect(split.warnings[0]).toContain("depthwise conv 'dw' has a bias");
  });

  it("padded pools: count_include_pad=1 and ReLU-fed max pools (ceil_mode too) become Zero Padding + valid, with onnxruntime's outputs", async () => {
    const relu: INodeProto = { name: 'relu', opType: 'Relu', input: ['x'], output: ['r'] };
    const pool = (op: string, input: string, attrs: object[]): INodeProto => ({
      name: 'p',
      opType: op,
      input: [input],
      output: ['y'],
      attribute: [ints('kernel_shape', [3, 3]), ...attrs],
    });
    const cases: [string, INodeProto[], number, string[], object][] = [
      [
        'avg s1 count_include_pad',
        [pool('AveragePool', 'x', [ints('pads', [1, 1, 1, 1]), int('count_include_pad', 1)])],
        3 * 8 * 8,
        ['input', 'zero-padding', 'avg-pool'],
        { top: 1, bottom: 1, left: 1, right: 1 },
      ],
      [
        'relu + max s2 pads 1',
        [relu, pool('MaxPool', 'r', [ints('strides', [2, 2]), ints('pads', [1, 1, 1, 1])])],
        3 * 4 * 4,
        ['input', 'activation', 'zero-padding', 'max-pool'],
        { top: 1, bottom: 0, left: 1, right: 0 },
      ],
      // ceil_mode: a 5th window starts inside the padded map and reaches one pixel past the given pads.
      [
        'relu + max s2 pads 1 ceil_mode',
        [relu, pool('MaxPool', 'r', [ints('strides', [2, 2]), ints('pads', [1, 1, 1, 1]), int('ceil_mode', 1)])],
        3 * 5 * 5,
        ['input', 'activation', 'zero-padding', 'max-pool'],
        { top: 1, bottom: 2, left: 1, right: 2 },
      ],
      [
        'relu + max 2 + padded max (sign kept through the pool)',
        [
          relu,
          { name: 'm', opType: 'MaxPool', input: ['r'], output: ['m'], attribute: [ints('kernel_shape', [2, 2]), ints('strides', [2, 2])] },
          pool('MaxPool', 'm', [ints('strides', [2, 2]), ints('pads', [1, 1, 1, 1])]),
        ],
        3 * 2 * 2,
        ['input', 'activation', 'max-pool', 'zero-padding', 'max-pool'],
        { top: 1, bottom: 0, left: 1, right: 0 },
      ],
      [
        'relu + max asymmetric',
        [relu, pool('MaxPool', 'r', [ints('pads', [2, 0, 0, 1])])],
        3 * 8 * 7,
        ['input', 'activation', 'zero-padding', 'max-pool'],
        { top: 2, bottom: 0, left: 0, right: 1 },
      ],
    ];
    for (const [what, nodes, features, kinds, pads] of cases) {
      const bytes = model([...nodes, ...head('y')], headWeights(features));
      const r = importOnnxModel(bytes, 'm.onnx');
      if (!r.ok) throw new Error(`${what}: ${r.error}`);
      expect(
        r.design.blocks.map((b) => b.kind),
        what,
      ).toEqual([...kinds, 'flatten', 'output']);
      expect(r.design.blocks.find((b) => b.kind === 'zero-padding')?.params, what).toEqual(pads);
      expect(await diffToOrt(bytes, r), what).toBeLessThan(1e-4);
    }
  });

  it("padded pools zero padding cannot reproduce are refused; count_include_pad=0 with TF 'same' pads stays a 'same' pool", () => {
    const pool = (op: string, attrs: object[]) =>
      importOnnxModel(
        model([{ name: 'p', opType: op, input: ['x'], output: ['y'], attribute: [ints('kernel_shape', [3, 3]), ...attrs] }], []),
        'm.onnx',
      );
    const same = pool('AveragePool', [ints('pads', [1, 1, 1, 1])]);
    if (!same.ok) throw new Error(same.error);
    expect(same.design.blocks[1]).toMatchObject({ kind: 'avg-pool', params: { padding: 'same' } });
    expect(pool('AveragePool', [ints('strides', [2, 2]), ints('pads', [1, 1, 1, 1])])).toEqual({
      ok: false,
      error: expect.stringMatching(
        /^m\.onnx: node 'p' \(AveragePool\): pads \[top 1, left 1, bottom 1, right 1\] on a 8×8 input \(kernel 3×3, strides 2×2\) .*count_include_pad=0/,
      ),
    });
    expect(pool('AveragePool', [ints('strides', [2, 2]), int('ceil_mode', 1), int('count_include_pad', 1)])).toEqual({
      ok: false,
      error: expect.stringMatching(/ceil_mode.*clipped count/),
    });
    expect(pool('MaxPool', [ints('strides', [2, 2]), ints('pads', [1, 1, 1, 1])])).toEqual({
      ok: false,
      error: expect.stringMatching(/\(MaxPool\): .*only when the input is ≥ 0 .*not come from a ReLU\/ReLU6/),
    });
  });

  it('a Pad node read by something other than a Conv becomes a Zero Padding block shared by its readers', async () => {
    const nodes: INodeProto[] = [
      { name: 'pad', opType: 'Pad', input: ['x', 'pads'], output: ['p'] },
      { name: 'relu', opType: 'Relu', input: ['p'], output: ['r'] },
      { name: 'tanh', opType: 'Tanh', input: ['p'], output: ['t'] },
      { name: 'sum', opType: 'Add', input: ['r', 't'], output: ['y'] },
      ...head('y'),
    ];
    const bytes = model(nodes, [i64('pads', [0, 0, 2, 0, 0, 0, 1, 1]), ...headWeights(3 * 11 * 9)]);
    const r = importOnnxModel(bytes, 'm.onnx');
    if (!r.ok) throw new Error(r.error);
    expect(r.design.blocks.map((b) => b.kind)).toEqual(['input', 'zero-padding', 'activation', 'activation', 'add', 'flatten', 'output']);
    expect(r.design.blocks[1].params).toEqual({ top: 2, bottom: 1, left: 0, right: 1 });
    expect(await diffToOrt(bytes, r)).toBeLessThan(1e-4);
  });

  it('bogus sizes cost nothing: huge dims with little data, a huge ConstantOfShape', () => {
    const huge = importOnnxModel(
      model(
        [convNode('c1', 'x', 'y', [ints('kernel_shape', [3, 3])], false)],
        [{ name: 'c1.w', dims: [1e9, 3, 3, 3], dataType: 1, floatData: [1, 2] }],
      ),
      'h.onnx',
    );
    expect(huge).toEqual({
      ok: false,
      error: "h.onnx: initializer 'c1.w' has dims [1000000000, 3, 3, 3] (27000000000 values) but only 2 values of data",
    });
    const fill = importOnnxModel(
      model(
        [
          { name: 'cos', opType: 'ConstantOfShape', input: ['s'], output: ['z'] },
          { name: 'r', opType: 'Relu', input: ['x'], output: ['y'] },
        ],
        [i64('s', [1e6, 1e6])],
      ),
      'f.onnx',
    );
    expect(fill).toEqual({
      ok: false,
      error: expect.stringMatching(/^f\.onnx: node 'cos' \(ConstantOfShape\): would compute a constant of shape \[1000000, 1000000\]/),
    });
  });

  it('bad files: not ONNX, a dynamic height', () => {
    expect(importOnnxModel(new TextEncoder().encode('{"hello": 1}'), 'x.onnx')).toEqual({
      ok: false,
      error: expect.stringMatching(/^x\.onnx: not an ONNX model/),
    });
    const dyn = importOnnxModel(model([{ name: 'r', opType: 'Relu', input: ['x'], output: ['y'] }], [], { input: ['N', 3, 'H', 8] }), 'd.onnx');
    expect(dyn).toEqual({
      ok: false,
      error: expect.stringMatching(/^d\.onnx: input 'x' has shape \[\?, 3, \?, 8\]; an NCHW image input with fixed/),
    });
  });
});
