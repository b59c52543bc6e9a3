import { decodeModel, int64ToNumber, onnx, type ITensorProto, type IAttributeProto } from '../proto';
import { errorMessage } from '../../result';

/**
 * A decoded ONNX model reduced to what the importer reads: nodes in file order (ONNX requires topological
 * order), constant tensors (initializers), the graph inputs and outputs. Numbers are plain JS numbers.
 */

/** A constant tensor: dims and row-major values (int64 read as numbers; float32 values are exact in a double). */
export interface ConstTensor {
  dims: number[];
  values: Float64Array;
  /** True for float / double tensors; false for integer and bool ones. */
  float: boolean;
}

export type AttrValue = number | string | number[] | ConstTensor;

export interface OnnxNode {
  name: string;
  opType: string;
  domain: string;
  inputs: string[];
  outputs: string[];
  attrs: Map<string, AttrValue>;
}

export interface GraphInput {
  name: string;
  /** Dims; a symbolic or unknown dim is null. */
  dims: (number | null)[] | null;
}

export interface OnnxGraph {
  opset: number;
  producer: string;
  graphName: string;
  nodes: OnnxNode[];
  initializers: Map<string, ConstTensor>;
  inputs: GraphInput[];
  outputs: string[];
}

export class OnnxImportError extends Error {}

const DT = onnx.TensorProto.DataType;

function rawView(raw: Uint8Array): DataView {
  return new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
}

/** Decodes one TensorProto (raw_data or typed fields) into a ConstTensor; `what` names it in errors. */
export function readTensor(t: ITensorProto, what: string): ConstTensor {
  const dims = (t.dims ?? []).map((d) => int64ToNumber(d));
  const count = dims.reduce((a, b) => a * b, 1);
  if (t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL) {
    throw new OnnxImportError(
      `${what} keeps its data in an external file; export the model with its weights inside the .onnx file (no external data)`,
    );
  }
  if (dims.some((d) => !Number.isInteger(d) || d < 0)) throw new OnnxImportError(`${what} has invalid dims [${dims.join(', ')}]`);
  const dt = t.dataType ?? 0;
  const raw = t.rawData && t.rawData.length > 0 ? t.rawData : null;
  // The data must be in the file: check its length before allocating, so bogus dims cost nothing.
  const stored = raw ? raw.length : Math.max(t.floatData?.length ?? 0, t.doubleData?.length ?? 0, t.int64Data?.length ?? 0, t.int32Data?.length ?? 0);
  if (count > stored)
    throw new OnnxImportError(`${what} has dims [${dims.join(', ')}] (${count} values) but only ${stored} ${raw ? 'bytes' : 'values'} of data`);
  const values = new Float64Array(count);
  const need = (bytes: number) => {
    if (raw && raw.length !== count * bytes) throw new OnnxImportError(`${what} has ${raw.length} bytes of data for ${count} values`);
  };
  const fromList = (list: readonly (number | { toNumber(): number })[] | null | undefined) => {
    const l = list ?? [];
    if (l.length !== count) throw new OnnxImportError(`${what} has ${l.length} values for dims [${dims.join(', ')}]`);
    l.forEach((v, i) => (values[i] = int64ToNumber(v)));
  };
  switch (dt) {
    case DT.FLOAT:
      need(4);
      if (raw) for (let i = 0, v = rawView(raw); i < count; i++) values[i] = v.getFloat32(i * 4, true);
      else fromList(t.floatData);
      return { dims, values, float: true };
    case DT.DOUBLE:
      need(8);
      if (raw) for (let i = 0, v = rawView(raw); i < count; i++) values[i] = v.getFloat64(i * 8, true);
      else fromList(t.doubleData);
      return { dims, values, float: true };
    case DT.INT64:
      need(8);
      if (raw) for (let i = 0, v = rawView(raw); i < count; i++) values[i] = Number(v.getBigInt64(i * 8, true));
      else fromList(t.int64Data);
      return { dims, values, float: false };
    case DT.INT32:
    case DT.INT16:
    case DT.INT8:
    case DT.UINT8:
    case DT.UINT16:
    case DT.BOOL: {
      const bytes = dt === DT.INT32 ? 4 : dt === DT.INT16 || dt === DT.UINT16 ? 2 : 1;
      need(bytes);
      if (raw) {
        const v = rawView(raw);
        for (let i = 0; i < count; i++) {
          values[i] =
            dt === DT.INT32
              ? v.getInt32(i * 4, true)
              : dt === DT.INT16
                ? v.getInt16(i * 2, true)
                : dt === DT.UINT16
                  ? v.getUint16(i * 2, true)
                  : dt === DT.INT8
                    ? v.getInt8(i)
                    : v.getUint8(i);
        }
      } else fromList(t.int32Data);
      return { dims, values, float: false };
    }
    default: {
      const name = onnx.TensorProto.DataType[dt] ?? String(dt);
      throw new OnnxImportError(`${what} has data type ${name}, which is not supported (float32, float64 and integer tensors are)`);
    }
  }
}

/** The shortest decimal that is the same float32 (attributes are float32: 1e-5 reads as 0.000009999999747…). */
export function shortFloat32(v: number): number {
  const f = Math.fround(v);
  for (let digits = 1; digits <= 9; digits++) {
    const c = Number(f.toPrecision(digits));
    if (Math.fround(c) === f) return c;
  }
  return f;
}

function readAttr(a: IAttributeProto, what: string): AttrValue | undefined {
  const T = onnx.AttributeProto.AttributeType;
  switch (a.type) {
    case T.FLOAT:
      return shortFloat32(a.f ?? 0);
    case T.INT:
      return int64ToNumber(a.i);
    case T.STRING:
      return new TextDecoder().decode(a.s ?? new Uint8Array());
    case T.FLOATS:
      return (a.floats ?? []).map(shortFloat32);
    case T.INTS:
      return (a.ints ?? []).map((v) => int64ToNumber(v));
    case T.TENSOR:
      return a.t ? readTensor(a.t, `${what} attribute '${a.name}'`) : undefined;
    default:
      return undefined; // graphs, sparse tensors, …: no op the importer supports uses them
  }
}

function readDims(
  shape: { dim?: { dimValue?: number | { toNumber(): number } | null; dimParam?: string | null }[] | null } | null | undefined,
): (number | null)[] | null {
  if (!shape) return null;
  return (shape.dim ?? []).map((d) =>
    d.dimParam ? null : d.dimValue === null || d.dimValue === undefined ? null : int64ToNumber(d.dimValue) || null,
  );
}

/** Parses the bytes of a .onnx file. Throws OnnxImportError for files that are not ONNX models. */
export function readOnnxGraph(bytes: Uint8Array): OnnxGraph {
  let model;
  try {
    model = decodeModel(bytes);
  } catch (e) {
    throw new OnnxImportError(`not an ONNX model (the protobuf did not decode: ${errorMessage(e)})`);
  }
  const g = model.graph;
  if (!g || (g.node ?? []).length === 0) throw new OnnxImportError('not an ONNX model, or one without a graph (no nodes found)');
  const opsetEntry = (model.opsetImport ?? []).find((o) => !o.domain || o.domain === 'ai.onnx');
  const opset = opsetEntry ? int64ToNumber(opsetEntry.version) : 1;

  const initializers = new Map<string, ConstTensor>();
  for (const t of g.initializer ?? []) initializers.set(t.name ?? '', readTensor(t, `initializer '${t.name}'`));
  const nodes: OnnxNode[] = (g.node ?? []).map((n, i) => {
    const name = n.name || `${n.opType}_${i}`;
    const attrs = new Map<string, AttrValue>();
    for (const a of n.attribute ?? []) {
      const v = readAttr(a, `node '${name}' (${n.opType})`);
      if (v !== undefined) attrs.set(a.name ?? '', v);
    }
    return { name, opType: n.opType ?? '', domain: n.domain ?? '', inputs: [...(n.input ?? [])], outputs: [...(n.output ?? [])], attrs };
  });
  const inputs: GraphInput[] = (g.input ?? [])
    .filter((v) => !initializers.has(v.name ?? ''))
    .map((v) => ({ name: v.name ?? '', dims: readDims(v.type?.tensorType?.shape) }));
  return {
    opset,
    producer: [model.producerName, model.producerVersion].filter(Boolean).join(' '),
    graphName: g.name ?? '',
    nodes,
    initializers,
    inputs,
    outputs: (g.output ?? []).map((v) => v.name ?? ''),
  };
}

/** Attribute readers that name the node in their errors. */
export class NodeAttrs {
  constructor(readonly node: OnnxNode) {}

  fail(message: string): never {
    throw new OnnxImportError(`node '${this.node.name}' (${this.node.opType}): ${message}`);
  }

  int(key: string, def: number): number {
    const v = this.node.attrs.get(key);
    if (v === undefined) return def;
    if (typeof v !== 'number') this.fail(`attribute '${key}' is not a number`);
    return v;
  }

  num(key: string, def: number): number {
    const v = this.node.attrs.get(key);
    if (v === undefined) return def;
    if (typeof v !== 'number') this.fail(`attribute '${key}' is not a number`);
    return v;
  }

  ints(key: string, def: number[]): number[] {
    const v = this.node.attrs.get(key);
    if (v === undefined) return def;
    if (!Array.isArray(v)) this.fail(`attribute '${key}' is not a list of integers`);
    return v;
  }

  str(key: string, def: string): string {
    const v = this.node.attrs.get(key);
    if (v === undefined) return def;
    if (typeof v !== 'string') this.fail(`attribute '${key}' is not a string`);
    return v;
  }

  has(key: string): boolean {
    return this.node.attrs.has(key);
  }
}
