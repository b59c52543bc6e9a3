import type { Activation, Pair } from '../../graph/types';
import {
  type ActValue,
  actInput,
  alias,
  canFold,
  constInput,
  type ImportContext,
  type IrBlock,
  mapInput,
  nodeError,
  optionalConst,
  setAct,
  vectorInput,
  zeroPadBlock,
} from './ir';
import { NodeAttrs, type ConstTensor, type OnnxNode } from './onnx-graph';
import { autoPads, kerasPadding, onnxOutputLength, type Pads4, zeroPadPlan } from './padding';
import { convKernel, denseKernel, permuteFeatures, type ChwOrder } from './weight-layout';

/** The ONNX operators the importer maps (constant shape arithmetic aside). */
export const SUPPORTED_OPS = [
  'Conv',
  'BatchNormalization',
  'Relu',
  'Clip',
  'Sigmoid',
  'Tanh',
  'Softmax',
  'MaxPool',
  'AveragePool',
  'GlobalAveragePool',
  'GlobalMaxPool',
  'ReduceMean',
  'Flatten',
  'Reshape',
  'Gemm',
  'MatMul',
  'Add',
  'Concat',
  'Dropout',
  'Identity',
  'Pad',
] as const;

const CONV_KINDS = new Set(['conv', 'receptive-field-conv', 'depthwise-conv', 'separable-conv']);
const f32 = (v: ArrayLike<number>) => Float32Array.from(v);
const pairOf = (v: number[], what: string, node: OnnxNode): Pair => {
  if (v.length !== 2) throw nodeError(node, `${what} [${v.join(', ')}] is not 2-D (only 2-D windows on NCHW maps are supported)`);
  return [v[0], v[1]];
};
const pads4 = (v: number[], node: OnnxNode): Pads4 => {
  if (v.length !== 4) throw nodeError(node, `pads [${v.join(', ')}] are not 2-D`);
  return [v[0], v[1], v[2], v[3]];
};

/**
 * Window geometry of Conv / MaxPool / AveragePool. When a Keras padding reads the same windows as the explicit pads
 * (`allowSame` false: only 'valid'), `zeroPad` is null and `padding` is that mode; otherwise `padding` is 'valid' and
 * `zeroPad` holds the [top, left, bottom, right] zeros to put in front (zeroPadPlan), which is exact for convs.
 */
function windowGeometry(node: OnnxNode, a: NodeAttrs, x: ActValue, kernel: Pair, extraPads: Pads4, ceilMode: boolean, allowSame = true) {
  const strides = pairOf(a.ints('strides', [1, 1]), 'strides', node);
  const dilation = pairOf(a.ints('dilations', [1, 1]), 'dilations', node);
  const input: Pair = [x.shape[1], x.shape[2]];
  const given = autoPads(a.str('auto_pad', 'NOTSET'), input, kernel, strides, dilation, pads4(a.ints('pads', [0, 0, 0, 0]), node));
  if (!given) throw nodeError(node, `auto_pad '${a.str('auto_pad', '')}' is not supported`);
  const pads = given.map((p, i) => p + extraPads[i]) as Pads4;
  if (pads.some((p) => p < 0)) throw nodeError(node, `negative pads [${pads.join(', ')}] (cropping) are not supported`);
  const out = [0, 1].map((i) => onnxOutputLength(input[i], kernel[i], strides[i], dilation[i], pads[i], pads[i + 2], ceilMode));
  const base = { strides, dilation, ho: out[0], wo: out[1], pads, input };
  const matched = kerasPadding(input, kernel, strides, dilation, pads, ceilMode);
  if (matched === 'valid' || (matched === 'same' && allowSame)) return { ...base, padding: matched, zeroPad: null, overhang: false };
  const plan = zeroPadPlan(input, kernel, strides, dilation, pads, ceilMode);
  const zeroPad = plan.pads.some((p) => p > 0) ? plan.pads : null;
  return { ...base, padding: 'valid' as const, zeroPad, overhang: plan.overhang };
}

const describePads = (p: Pads4) => `pads [top ${p[0]}, left ${p[1]}, bottom ${p[2]}, right ${p[3]}]`;

function conv(ctx: ImportContext, node: OnnxNode): void {
  const a = new NodeAttrs(node);
  const raw = ctx.values.get(node.inputs[0]);
  const extraPads: Pads4 = raw?.type === 'padded' ? raw.pads : [0, 0, 0, 0];
  let x = raw?.type === 'padded' ? raw.source : mapInput(ctx, node, 0);
  if (x.shape.length !== 3 || x.squeezed) mapInput(ctx, node, 0); // throws the shape message
  const w = constInput(ctx, node, 1, 'weight');
  const b = optionalConst(ctx, node, 2, 'bias');
  if (w.dims.length !== 4) throw nodeError(node, `weight has shape [${w.dims.join(', ')}]; only 2-D convolutions are supported`);
  const [cout, cinPerGroup, kh, kw] = w.dims;
  const kernel: Pair = [kh, kw];
  const cin = x.shape[0];
  const group = a.int('group', 1);
  const g = windowGeometry(node, a, x, kernel, extraPads, false);
  // Pads that are neither 'same' nor 'valid' (PyTorch's padding=k//2 with stride 2, asymmetric pads): a Zero
  // Padding block in front of a 'valid' conv — exact, the conv's own padding is zeros too.
  if (g.zeroPad) x = zeroPadBlock(ctx, node, x, g.zeroPad, '_pad');
  const dilated = g.dilation[0] > 1 || g.dilation[1] > 1;
  const common = {
    kernelSize: kernel,
    strides: g.strides,
    padding: g.padding,
    dilation: g.dilation,
    activation: 'linear',
    useBias: !!b,
    batchNorm: false,
  };
  const bias = b ? f32(b.values) : undefined;

  if (group === 1) {
    if (cinPerGroup !== cin) throw nodeError(node, `weight expects ${cinPerGroup} input channels but the input has ${cin}`);
    // A 1×1 conv right after a bias-free, linear depthwise conv is the pointwise half of a Separable Conv.
    const dw = x.block;
    const pointwise = kh === 1 && kw === 1 && !dilated && g.strides[0] === 1 && g.strides[1] === 1 && g.padding === 'valid' && raw?.type !== 'padded';
    if (pointwise && dw.kind === 'depthwise-conv' && !dw.params.useBias && dw.params.activation === 'linear' && canFold(ctx, x, node.inputs[0])) {
      dw.kind = 'separable-conv';
      dw.params = { ...dw.params, filters: cout, useBias: !!b };
      dw.weights.set('pointwise_kernel', { shape: [1, 1, cin, cout], values: convKernel(w.values, w.dims) });
      if (bias) dw.weights.set('bias', { shape: [cout], values: bias });
      dw.nodes.push(node.name);
      setAct(ctx, node, dw, [cout, g.ho, g.wo]);
      return;
    }
    if (pointwise && dw.kind === 'depthwise-conv' && dw.params.useBias && dw.params.activation === 'linear' && canFold(ctx, x, node.inputs[0])) {
      ctx.warnings.push(
        `depthwise conv '${dw.nodes[0]}' has a bias (its own, or a BatchNorm that torch.onnx.export folded into it), so it and the 1×1 conv '${node.name}' stay two blocks: a Separable Conv has no depthwise bias`,
      );
    }
    const block = ctx.newBlock(node, dilated ? 'receptive-field-conv' : 'conv', { ...common, filters: cout }, [x.block]);
    block.weights.set('kernel', { shape: [kh, kw, cin, cout], values: convKernel(w.values, w.dims) });
    if (bias) block.weights.set('bias', { shape: [cout], values: bias });
    setAct(ctx, node, block, [cout, g.ho, g.wo]);
    return;
  }
  if (group === cin && cinPerGroup === 1 && cout % cin === 0) {
    const m = cout / cin;
    const block = ctx.newBlock(node, 'depthwise-conv', { ...common, depthMultiplier: m }, [x.block]);
    block.weights.set('depthwise_kernel', { shape: [kh, kw, cin, m], values: convKernel(w.values, w.dims) });
    if (bias) block.weights.set('bias', { shape: [cout], values: bias });
    setAct(ctx, node, block, [cout, g.ho, g.wo]);
    return;
  }
  throw nodeError(node, `groups=${group} (grouped convolution) is not supported: only groups=1 or depthwise (groups = input channels = ${cin})`);
}

const NON_NEGATIVE_ACTS = new Set(['relu', 'relu6', 'sigmoid']);
/** Blocks whose output is ≥ 0 when all their inputs are. */
const SIGN_KEEPING = new Set(['max-pool', 'avg-pool', 'zero-padding', 'global-pool', 'flatten', 'dropout', 'add', 'concatenate']);

/**
 * True when every value `block` outputs is ≥ 0: a ReLU / ReLU6 / sigmoid (folded into its block or an Activation
 * block), or pooling, padding and merges of such outputs.
 */
function nonNegative(block: IrBlock, depth = 0): boolean {
  if (typeof block.params.activation === 'string') return NON_NEGATIVE_ACTS.has(block.params.activation);
  if (!SIGN_KEEPING.has(block.kind) || depth > 64) return false;
  return block.inputs.every((b) => nonNegative(b, depth + 1));
}

/**
 * MaxPool / AveragePool. Pads that Keras 'same' / 'valid' cannot express become a Zero Padding block + 'valid' pool
 * where that is exact: a max pool over non-negative values (ONNX pads max pools with -inf; a zero never wins over a
 * ReLU output), an average pool with count_include_pad=1 (its divisor counts the padding, as a valid pool over zeros
 * does). Anything else is refused with the reason.
 */
function pool(ctx: ImportContext, node: OnnxNode): void {
  const a = new NodeAttrs(node);
  let x = mapInput(ctx, node, 0);
  const kernel = pairOf(a.ints('kernel_shape', []), 'kernel_shape', node);
  const max = node.opType === 'MaxPool';
  const includePad = !max && a.int('count_include_pad', 0) === 1;
  // An average pool that counts its padding matches Keras 'same' (which ignores it) only when nothing is padded.
  const g = windowGeometry(node, a, x, kernel, [0, 0, 0, 0], a.int('ceil_mode', 0) === 1, !includePad);
  if (g.dilation[0] !== 1 || g.dilation[1] !== 1) throw nodeError(node, 'dilated pooling is not supported');
  if (g.zeroPad) {
    const where = `${describePads(g.pads)}${a.int('ceil_mode', 0) === 1 ? ' with ceil_mode' : ''} on a ${g.input[0]}×${g.input[1]} input (kernel ${kernel[0]}×${kernel[1]}, strides ${g.strides[0]}×${g.strides[1]})`;
    if (max && !nonNegative(x.block)) {
      throw nodeError(
        node,
        `${where} match neither Keras 'valid' nor 'same' padding; a Zero Padding block + 'valid' max pool equals it only when the input is ≥ 0 ` +
          `(ONNX pads max pools with -inf), and the input here does not come from a ReLU/ReLU6/sigmoid. Put the ReLU right before the pool, or use pads equal to TensorFlow's 'same' (extra pixel at the bottom/right)`,
      );
    }
    if (!max && !includePad) {
      throw nodeError(
        node,
        `${where} match neither Keras 'valid' nor 'same' padding, and with count_include_pad=0 the windows that touch the padding divide by fewer values than a Zero Padding block + 'valid' average pool would. ` +
          `Use count_include_pad=True in PyTorch (then it is exact), or pads equal to TensorFlow's 'same'`,
      );
    }
    if (!max && g.overhang) {
      throw nodeError(
        node,
        `${where}: with ceil_mode the last window reaches past the padding and PyTorch divides it by a clipped count; no Keras average pool reads that. Use ceil_mode=False`,
      );
    }
    x = zeroPadBlock(ctx, node, x, g.zeroPad, '_pad');
  }
  const block = ctx.newBlock(node, max ? 'max-pool' : 'avg-pool', { poolSize: kernel, strides: g.strides, padding: g.padding }, [x.block]);
  setAct(ctx, node, block, [x.shape[0], g.ho, g.wo]);
}

function globalPool(ctx: ImportContext, node: OnnxNode, mode: 'avg' | 'max', keepDims: boolean): void {
  const x = mapInput(ctx, node, 0);
  const block = ctx.newBlock(node, 'global-pool', { mode }, [x.block]);
  setAct(ctx, node, block, keepDims ? [x.shape[0], 1, 1] : [x.shape[0]], keepDims ? { squeezed: true } : {});
}

function reduceMean(ctx: ImportContext, node: OnnxNode): void {
  const a = new NodeAttrs(node);
  const axesInput = optionalConst(ctx, node, 1, 'axes');
  const axes = (axesInput ? [...axesInput.values] : a.ints('axes', [])).map((ax) => (ax < 0 ? ax + 4 : ax)).sort();
  if (axes.join() !== '2,3')
    throw nodeError(node, `mean over axes [${axes.join(', ')}] is not supported (only over H and W, axes [2, 3] = global average pooling)`);
  globalPool(ctx, node, 'avg', a.int('keepdims', 1) === 1);
}

/** Flatten or Reshape to [N, C·H·W]: the app's Flatten (Keras order h, w, c; the PyTorch order is remembered). */
function flattenTo2d(ctx: ImportContext, node: OnnxNode): void {
  const x = actInput(ctx, node, 0);
  if (x.shape.length === 1 || x.squeezed) {
    alias(ctx, node, { ...x, shape: [x.shape[0]], squeezed: false }, false);
    return;
  }
  const [c, h, w] = x.shape;
  const block = ctx.newBlock(node, 'flatten', {}, [x.block]);
  const order: ChwOrder | undefined = c > 1 && h * w > 1 ? { c, h, w } : undefined;
  setAct(ctx, node, block, [c * h * w], order ? { order } : {});
}

function flatten(ctx: ImportContext, node: OnnxNode): void {
  const axis = new NodeAttrs(node).int('axis', 1);
  if (axis !== 1) throw nodeError(node, `axis=${axis} is not supported (only axis=1: [N, C·H·W])`);
  flattenTo2d(ctx, node);
}

function reshape(ctx: ImportContext, node: OnnxNode): void {
  const x = actInput(ctx, node, 0);
  const target = [...constInput(ctx, node, 1, 'shape').values];
  const features = x.squeezed ? x.shape[0] : x.shape.reduce((p, d) => p * d, 1);
  const to2d = target.length === 2 && (target[1] === -1 || target[1] === features) && (target[0] === 1 || target[0] === -1 || target[0] === 0);
  if (!to2d) throw nodeError(node, `reshape to [${target.join(', ')}] is not supported (only to 2-D [batch, ${features}], i.e. a flatten)`);
  flattenTo2d(ctx, node);
}

/** A Dense from a 2-D weight; `transposed` = stored [out, in]. */
function dense(ctx: ImportContext, node: OnnxNode, x: ActValue, w: ConstTensor, transposed: boolean, alpha: number): IrBlock {
  if (w.dims.length !== 2) throw nodeError(node, `weight has shape [${w.dims.join(', ')}]; a 2-D weight is expected`);
  const [rows, cols] = w.dims;
  const [nin, nout] = transposed ? [cols, rows] : [rows, cols];
  const features = x.shape[0];
  if (nin !== features) throw nodeError(node, `weight expects ${nin} input features but the input has ${features}`);
  const block = ctx.newBlock(node, 'dense', { units: nout, activation: 'linear', useBias: false }, [x.block]);
  block.weights.set('kernel', { shape: [nin, nout], values: denseKernel(w.values, rows, cols, transposed, x.order, alpha) });
  setAct(ctx, node, block, [nout]);
  return block;
}

function setBias(block: IrBlock, c: ConstTensor, units: number, scale: number, node: OnnxNode): void {
  if (c.values.length !== units && c.values.length !== 1) throw nodeError(node, `bias of shape [${c.dims.join(', ')}] does not match ${units} units`);
  block.params = { ...block.params, useBias: true };
  block.weights.set('bias', {
    shape: [units],
    values: Float32Array.from({ length: units }, (_, i) => scale * c.values[c.values.length === 1 ? 0 : i]),
  });
}

function gemm(ctx: ImportContext, node: OnnxNode): void {
  const a = new NodeAttrs(node);
  if (a.int('transA', 0) !== 0) throw nodeError(node, 'transA=1 is not supported');
  const x = vectorInput(ctx, node, 0);
  const block = dense(ctx, node, x, constInput(ctx, node, 1, 'weight'), a.int('transB', 0) === 1, a.num('alpha', 1));
  const c = optionalConst(ctx, node, 2, 'bias');
  if (c) setBias(block, c, block.params.units as number, a.num('beta', 1), node);
}

function matMul(ctx: ImportContext, node: OnnxNode): void {
  dense(ctx, node, vectorInput(ctx, node, 0), constInput(ctx, node, 1, 'weight'), false, 1);
}

function add(ctx: ImportContext, node: OnnxNode): void {
  const [v0, v1] = [ctx.values.get(node.inputs[0]), ctx.values.get(node.inputs[1])];
  const constIdx = v0?.type === 'const' ? 0 : v1?.type === 'const' ? 1 : -1;
  if (constIdx >= 0) {
    // MatMul + Add(bias) = one Dense with bias.
    const x = actInput(ctx, node, 1 - constIdx);
    const c = constInput(ctx, node, constIdx, 'bias');
    const units = x.shape[0];
    if (x.block.kind === 'dense' && !x.block.params.useBias && canFold(ctx, x, node.inputs[1 - constIdx]) && c.values.length === units) {
      setBias(x.block, c, units, 1, node);
      alias(ctx, node, x, true);
      return;
    }
    throw nodeError(node, 'adds a constant to a tensor; only a bias right after a MatMul is supported');
  }
  const a = actInput(ctx, node, 0);
  const b = actInput(ctx, node, 1);
  if (a.shape.join() !== b.shape.join() || !!a.squeezed !== !!b.squeezed) {
    throw nodeError(node, `adds tensors of shapes [${a.shape.join(', ')}] and [${b.shape.join(', ')}]; broadcasting is not supported`);
  }
  if (JSON.stringify(a.order) !== JSON.stringify(b.order)) throw nodeError(node, 'adds vectors flattened in different orders');
  const block = ctx.newBlock(node, 'add', {}, [a.block, b.block]);
  setAct(ctx, node, block, a.shape, { squeezed: a.squeezed, order: a.order });
}

function concat(ctx: ImportContext, node: OnnxNode): void {
  const xs = node.inputs.map((_, i) => actInput(ctx, node, i));
  const rank = xs[0].squeezed ? 1 : xs[0].shape.length;
  const rawAxis = new NodeAttrs(node).int('axis', 1);
  const axis = rawAxis < 0 ? rawAxis + rank + 1 : rawAxis;
  if (axis !== 1) throw nodeError(node, `concatenates along axis ${rawAxis}; only the channel axis (1) is supported`);
  for (const x of xs) {
    if (x.shape.length !== xs[0].shape.length || x.shape.slice(1).join() !== xs[0].shape.slice(1).join() || !!x.squeezed !== !!xs[0].squeezed) {
      throw nodeError(node, `inputs of shapes ${xs.map((v) => `[${v.shape.join(', ')}]`).join(', ')} differ in more than the channel count`);
    }
    if (x.order)
      throw nodeError(
        node,
        'concatenates vectors flattened from feature maps (the PyTorch and Keras flatten orders differ); concatenate the maps before flattening',
      );
  }
  const block = ctx.newBlock(
    node,
    'concatenate',
    {},
    xs.map((x) => x.block),
  );
  const shape = [xs.reduce((s, x) => s + x.shape[0], 0), ...xs[0].shape.slice(1)];
  setAct(ctx, node, block, shape, { squeezed: xs[0].squeezed });
}

function batchNorm(ctx: ImportContext, node: OnnxNode): void {
  const a = new NodeAttrs(node);
  const x = actInput(ctx, node, 0);
  const channels = x.shape[0];
  const parts = ['gamma', 'beta', 'moving_mean', 'moving_variance'].map((name, i) => {
    const t = constInput(ctx, node, i + 1, name === 'gamma' ? 'scale' : name === 'beta' ? 'bias' : name.replace('moving_', 'running '));
    if (t.values.length !== channels) throw nodeError(node, `${name} has ${t.values.length} values for ${channels} channels`);
    return { name, values: permuteFeatures(t.values, x.order) };
  });
  const block = ctx.newBlock(node, 'batch-norm', { epsilon: a.num('epsilon', 1e-5), momentum: a.num('momentum', 0.9) }, [x.block]);
  for (const p of parts) block.weights.set(p.name, { shape: [channels], values: p.values });
  setAct(ctx, node, block, x.shape, { squeezed: x.squeezed, order: x.order });
}

/** Applies an activation: folded into the producing conv / dense when it is linear and read only here, else an Activation block. */
function activation(ctx: ImportContext, node: OnnxNode, act: Activation): void {
  const x = actInput(ctx, node, 0);
  const b = x.block;
  const foldable = canFold(ctx, x, node.inputs[0]) && (CONV_KINDS.has(b.kind) || b.kind === 'dense' || b.kind === 'activation');
  const cur = b.params.activation;
  // relu6 = Clip(0, 6) after a ReLU too (how torch exports F.relu6).
  if (foldable && (cur === 'linear' || (act === 'relu6' && cur === 'relu'))) {
    b.params = { ...b.params, activation: act };
    alias(ctx, node, x, true);
    return;
  }
  const block = ctx.newBlock(node, 'activation', { activation: act }, [b]);
  setAct(ctx, node, block, x.shape, { squeezed: x.squeezed, order: x.order });
}

function clip(ctx: ImportContext, node: OnnxNode): void {
  const a = new NodeAttrs(node);
  const bound = (i: number, key: string, def: number): number => {
    if (ctx.opset < 11) return a.num(key, def);
    const t = optionalConst(ctx, node, i, key);
    return t ? t.values[0] : def;
  };
  const lo = bound(1, 'min', -Infinity);
  const hi = bound(2, 'max', Infinity);
  if (lo === 0 && hi === 6) return activation(ctx, node, 'relu6');
  if (lo === 0 && hi > 3.4e38) return activation(ctx, node, 'relu');
  throw nodeError(node, `Clip(min=${lo}, max=${hi}) is not supported (only min 0 with max 6 = ReLU6, or no max = ReLU)`);
}

function softmax(ctx: ImportContext, node: OnnxNode): void {
  const x = vectorInput(ctx, node, 0);
  const axis = new NodeAttrs(node).int('axis', ctx.opset >= 13 ? -1 : 1);
  if (axis !== 1 && axis !== -1) throw nodeError(node, `softmax over axis ${axis} is not supported (only over the features, axis 1)`);
  activation(ctx, node, 'softmax');
}

function dropout(ctx: ImportContext, node: OnnxNode): void {
  const x = actInput(ctx, node, 0);
  const ratio = ctx.opset >= 12 ? (optionalConst(ctx, node, 1, 'ratio')?.values[0] ?? 0.5) : new NodeAttrs(node).num('ratio', 0.5);
  const block = ctx.newBlock(node, 'dropout', { rate: ratio }, [x.block]);
  setAct(ctx, node, block, x.shape, { squeezed: x.squeezed, order: x.order });
}

function pad(ctx: ImportContext, node: OnnxNode): void {
  const a = new NodeAttrs(node);
  const x = mapInput(ctx, node, 0);
  if (a.str('mode', 'constant') !== 'constant') throw nodeError(node, `'${a.str('mode', '')}' padding is not supported (only zero padding)`);
  const p = ctx.opset >= 11 ? [...constInput(ctx, node, 1, 'pads').values] : a.ints('pads', []);
  const value = ctx.opset >= 11 ? (optionalConst(ctx, node, 2, 'constant value')?.values[0] ?? 0) : a.num('value', 0);
  if (value !== 0) throw nodeError(node, `pads with ${value}; only zero padding is supported`);
  if (p.length !== 8 || p[0] || p[1] || p[4] || p[5])
    throw nodeError(node, `pads [${p.join(', ')}] touch the batch or channel axis; only H and W may be padded`);
  if (p.every((v) => v === 0)) return alias(ctx, node, x, false);
  if (p.some((v) => v < 0)) throw nodeError(node, 'negative pads (cropping) are not supported');
  ctx.values.set(node.outputs[0], { type: 'padded', source: x, pads: [p[2], p[3], p[6], p[7]], node });
}

/** Maps one ONNX node (not a constant one) onto blocks; throws OnnxImportError naming the node for anything unsupported. */
export function mapNode(ctx: ImportContext, node: OnnxNode): void {
  if (node.domain && node.domain !== 'ai.onnx') throw nodeError(node, `operator domain '${node.domain}' is not supported`);
  switch (node.opType) {
    case 'Conv':
      return conv(ctx, node);
    case 'MaxPool':
    case 'AveragePool':
      return pool(ctx, node);
    case 'GlobalAveragePool':
      return globalPool(ctx, node, 'avg', true);
    case 'GlobalMaxPool':
      return globalPool(ctx, node, 'max', true);
    case 'ReduceMean':
      return reduceMean(ctx, node);
    case 'Flatten':
      return flatten(ctx, node);
    case 'Reshape':
      return reshape(ctx, node);
    case 'Gemm':
      return gemm(ctx, node);
    case 'MatMul':
      return matMul(ctx, node);
    case 'Add':
      return add(ctx, node);
    case 'Concat':
      return concat(ctx, node);
    case 'BatchNormalization':
      return batchNorm(ctx, node);
    case 'Relu':
      return activation(ctx, node, 'relu');
    case 'Sigmoid':
      return activation(ctx, node, 'sigmoid');
    case 'Tanh':
      return activation(ctx, node, 'tanh');
    case 'Clip':
      return clip(ctx, node);
    case 'Softmax':
      return softmax(ctx, node);
    case 'Dropout':
      return dropout(ctx, node);
    case 'Identity':
      return alias(ctx, node, actInput(ctx, node, 0), false);
    case 'Pad':
      return pad(ctx, node);
    default:
      throw nodeError(node, `operator '${node.opType}' is not supported; supported: ${SUPPORTED_OPS.join(', ')}`);
  }
}
