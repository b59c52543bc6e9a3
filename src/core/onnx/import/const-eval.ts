import { type ConstTensor, NodeAttrs, type OnnxNode } from './onnx-graph';

/**
 * Evaluates the small constant sub-graphs torch.onnx.export leaves around shapes and paddings
 * (Constant, Shape → Gather → Unsqueeze → Concat → Reshape, ConstantOfShape/Slice/Transpose/Cast for a
 * ZeroPad2d's pads, Identity on a deduplicated initializer). Tensors are tiny; everything is row-major.
 */

/** Ops this module can evaluate when all their (non-empty) inputs are known constants. */
export const CONST_OPS = new Set([
  'Constant',
  'Identity',
  'Cast',
  'Gather',
  'Unsqueeze',
  'Squeeze',
  'Concat',
  'Reshape',
  'Slice',
  'Transpose',
  'ConstantOfShape',
  'Add',
  'Sub',
  'Mul',
  'Div',
  'Neg',
  'Floor',
  'Range',
]);

export const tensorOf = (dims: number[], values: ArrayLike<number>, float: boolean): ConstTensor => ({
  dims,
  values: Float64Array.from(values),
  float,
});

const size = (dims: readonly number[]) => dims.reduce((a, b) => a * b, 1);

function strides(dims: readonly number[]): number[] {
  const s = new Array<number>(dims.length).fill(1);
  for (let i = dims.length - 2; i >= 0; i--) s[i] = s[i + 1] * dims[i + 1];
  return s;
}

const normAxis = (axis: number, rank: number) => (axis < 0 ? axis + rank : axis);

/** Calls fn with each multi-index of `dims` (row-major) and its flat index. */
function forEachIndex(dims: readonly number[], fn: (idx: number[], flat: number) => void): void {
  const n = size(dims);
  const idx = new Array<number>(dims.length).fill(0);
  for (let flat = 0; flat < n; flat++) {
    fn(idx, flat);
    for (let d = dims.length - 1; d >= 0; d--) {
      if (++idx[d] < dims[d]) break;
      idx[d] = 0;
    }
  }
}

function transpose(t: ConstTensor, perm: number[]): ConstTensor {
  const outDims = perm.map((p) => t.dims[p]);
  const inStrides = strides(t.dims);
  const out = new Float64Array(size(outDims));
  forEachIndex(outDims, (idx, flat) => {
    let src = 0;
    idx.forEach((v, d) => (src += v * inStrides[perm[d]]));
    out[flat] = t.values[src];
  });
  return { dims: outDims, values: out, float: t.float };
}

function slice(t: ConstTensor, starts: number[], ends: number[], axes: number[], steps: number[]): ConstTensor {
  const rank = t.dims.length;
  const begin = new Array<number>(rank).fill(0);
  const step = new Array<number>(rank).fill(1);
  const outDims = [...t.dims];
  axes.forEach((a0, k) => {
    const a = normAxis(a0, rank);
    const dim = t.dims[a];
    const st = steps[k] ?? 1;
    const clampStart = (v: number) => Math.min(Math.max(v < 0 ? v + dim : v, st > 0 ? 0 : -1), st > 0 ? dim : dim - 1);
    const s = clampStart(starts[k]);
    const e = clampStart(ends[k]);
    begin[a] = s;
    step[a] = st;
    outDims[a] = Math.max(0, st > 0 ? Math.ceil((e - s) / st) : Math.ceil((s - e) / -st));
  });
  const inStrides = strides(t.dims);
  const out = new Float64Array(size(outDims));
  forEachIndex(outDims, (idx, flat) => {
    let src = 0;
    idx.forEach((v, d) => (src += (begin[d] + v * step[d]) * inStrides[d]));
    out[flat] = t.values[src];
  });
  return { dims: outDims, values: out, float: t.float };
}

function concat(ts: ConstTensor[], axis0: number): ConstTensor {
  const rank = ts[0].dims.length;
  const axis = normAxis(axis0, rank);
  const outDims = [...ts[0].dims];
  outDims[axis] = ts.reduce((a, t) => a + t.dims[axis], 0);
  const outer = size(outDims.slice(0, axis));
  const out: number[] = [];
  for (let o = 0; o < outer; o++) {
    for (const t of ts) {
      const block = size(t.dims.slice(axis));
      for (let i = 0; i < block; i++) out.push(t.values[o * block + i]);
    }
  }
  return tensorOf(
    outDims,
    out,
    ts.some((t) => t.float),
  );
}

function gather(data: ConstTensor, indices: ConstTensor, axis0: number): ConstTensor {
  const axis = normAxis(axis0, data.dims.length);
  const outer = size(data.dims.slice(0, axis));
  const inner = size(data.dims.slice(axis + 1));
  const dim = data.dims[axis];
  const out: number[] = [];
  for (let o = 0; o < outer; o++) {
    for (const raw of indices.values) {
      const i = raw < 0 ? raw + dim : raw;
      for (let k = 0; k < inner; k++) out.push(data.values[(o * dim + i) * inner + k]);
    }
  }
  return tensorOf([...data.dims.slice(0, axis), ...indices.dims, ...data.dims.slice(axis + 1)], out, data.float);
}

function reshape(t: ConstTensor, shape: number[]): ConstTensor {
  const dims = shape.map((d, i) => (d === 0 ? t.dims[i] : d));
  const known = dims.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  return { dims: dims.map((d) => (d === -1 ? t.values.length / known : d)), values: t.values, float: t.float };
}

function broadcast(a: ConstTensor, b: ConstTensor, f: (x: number, y: number) => number, op: string): ConstTensor {
  if (a.values.length === 1 || b.values.length === 1 || a.values.length === b.values.length) {
    const big = a.values.length >= b.values.length ? a : b;
    const out = big.values.map((_, i) => f(a.values[a.values.length === 1 ? 0 : i], b.values[b.values.length === 1 ? 0 : i]));
    return { dims: big.dims, values: out, float: a.float || b.float };
  }
  throw new Error(`${op} of constants with shapes [${a.dims}] and [${b.dims}]`);
}

/** Constants computed here are shapes and pads: anything this large is a broken or hostile file. */
export const MAX_COMPUTED_ELEMENTS = 1 << 20;

function checkedSize(node: OnnxNode, dims: readonly number[]): number {
  const n = size(dims);
  if (!Number.isFinite(n) || n > MAX_COMPUTED_ELEMENTS || dims.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new NodeAttrs(node).fail(`would compute a constant of shape [${dims.join(', ')}]; only small shape/padding constants are evaluated`);
  }
  return n;
}

/**
 * The value of a node whose inputs are all constants (inputs[i] undefined for an omitted optional input).
 * Throws the node's error for a malformed one.
 */
export function evalConstNode(node: OnnxNode, inputs: (ConstTensor | undefined)[], opset: number): ConstTensor {
  const a = new NodeAttrs(node);
  const input = (i: number): ConstTensor => inputs[i] ?? a.fail(`input ${i} is missing`);
  const list = (i: number): number[] | undefined => (inputs[i] ? [...(inputs[i] as ConstTensor).values] : undefined);
  switch (node.opType) {
    case 'Constant': {
      const v = node.attrs.get('value');
      if (v && typeof v === 'object' && !Array.isArray(v)) return v;
      const f = node.attrs.get('value_float') ?? node.attrs.get('value_floats');
      if (f !== undefined) return tensorOf(Array.isArray(f) ? [f.length] : [], Array.isArray(f) ? f : [f as number], true);
      const n = node.attrs.get('value_int') ?? node.attrs.get('value_ints');
      if (n !== undefined) return tensorOf(Array.isArray(n) ? [n.length] : [], Array.isArray(n) ? n : [n as number], false);
      return a.fail('has no value attribute that the importer reads');
    }
    case 'Identity':
      return input(0);
    case 'Cast': {
      const to = a.int('to', 1);
      const toFloat = to === 1 || to === 11 || to === 10;
      const t = input(0);
      return { dims: t.dims, values: toFloat ? t.values : t.values.map(Math.trunc), float: toFloat };
    }
    case 'Gather': {
      const [data, idx] = [input(0), input(1)];
      const axis = normAxis(a.int('axis', 0), data.dims.length);
      checkedSize(node, [...data.dims.slice(0, axis), ...idx.dims, ...data.dims.slice(axis + 1)]);
      return gather(data, idx, axis);
    }
    case 'Unsqueeze': {
      const t = input(0);
      const axes = opset >= 13 ? (list(1) ?? []) : a.ints('axes', []);
      const rank = t.dims.length + axes.length;
      const norm = axes.map((x) => normAxis(x, rank)).sort((x, y) => x - y);
      const dims = [...t.dims];
      for (const ax of norm) dims.splice(ax, 0, 1);
      return { ...t, dims };
    }
    case 'Squeeze': {
      const t = input(0);
      const axes = (opset >= 13 ? list(1) : a.ints('axes', [])) ?? [];
      const norm = axes.map((x) => normAxis(x, t.dims.length));
      const dims = t.dims.filter((d, i) => (norm.length ? !norm.includes(i) : d !== 1));
      return { ...t, dims };
    }
    case 'Concat':
      return concat(
        inputs.filter((t): t is ConstTensor => !!t),
        a.int('axis', 0),
      );
    case 'Reshape':
      return reshape(input(0), list(1) ?? []);
    case 'Transpose': {
      const t = input(0);
      return transpose(
        t,
        a.ints(
          'perm',
          t.dims.map((_, i) => t.dims.length - 1 - i),
        ),
      );
    }
    case 'Slice': {
      const t = input(0);
      if (opset < 10) {
        const axes = a.ints(
          'axes',
          a.ints('starts', []).map((_, i) => i),
        );
        return slice(
          t,
          a.ints('starts', []),
          a.ints('ends', []),
          axes,
          axes.map(() => 1),
        );
      }
      const starts = list(1) ?? [];
      const axes = list(3) ?? starts.map((_, i) => i);
      return slice(t, starts, list(2) ?? [], axes, list(4) ?? axes.map(() => 1));
    }
    case 'ConstantOfShape': {
      const v = node.attrs.get('value');
      const fill = v && typeof v === 'object' && !Array.isArray(v) ? v : tensorOf([1], [0], true);
      const dims = list(0) ?? [];
      return { dims, values: new Float64Array(checkedSize(node, dims)).fill(fill.values[0] ?? 0), float: fill.float };
    }
    case 'Add':
      return broadcast(input(0), input(1), (x, y) => x + y, 'Add');
    case 'Sub':
      return broadcast(input(0), input(1), (x, y) => x - y, 'Sub');
    case 'Mul':
      return broadcast(input(0), input(1), (x, y) => x * y, 'Mul');
    case 'Div': {
      const isFloat = input(0).float || input(1).float;
      return broadcast(input(0), input(1), (x, y) => (isFloat ? x / y : Math.trunc(x / y)), 'Div');
    }
    case 'Neg':
      return { ...input(0), values: input(0).values.map((x) => -x) };
    case 'Floor':
      return { ...input(0), values: input(0).values.map(Math.floor) };
    case 'Range': {
      const [start, limit, delta] = [input(0).values[0], input(1).values[0], input(2).values[0]];
      const n = Math.max(Math.ceil((limit - start) / delta), 0);
      checkedSize(node, [n]);
      return tensorOf(
        [n],
        Array.from({ length: n }, (_, i) => start + i * delta),
        input(0).float,
      );
    }
    default:
      return a.fail('cannot be evaluated as a constant');
  }
}
