/**
 * Accumulates the nodes and initializers of one ONNX graph with unique value names. Float weights are stored as
 * little-endian `raw_data`; small int64 constants (Pad amounts, Reshape shapes) as `int64_data`.
 */
import { float32ToLeBytes } from '../../export/weight-decode';
import { onnx, type IAttributeProto, type INodeProto, type ITensorProto } from '../proto';

const AttrType = onnx.AttributeProto.AttributeType;

export const attr = {
  int: (name: string, i: number): IAttributeProto => ({ name, type: AttrType.INT, i }),
  ints: (name: string, ints: readonly number[]): IAttributeProto => ({ name, type: AttrType.INTS, ints: [...ints] }),
  float: (name: string, f: number): IAttributeProto => ({ name, type: AttrType.FLOAT, f }),
  string: (name: string, s: string): IAttributeProto => ({ name, type: AttrType.STRING, s: new TextEncoder().encode(s) }),
};

export class OnnxGraphBuilder {
  readonly nodes: INodeProto[] = [];
  readonly initializers: ITensorProto[] = [];
  /** Bytes of float weights stored so far (a protobuf message must stay under 2 GiB). */
  weightBytes = 0;
  private readonly taken = new Set<string>();
  private readonly scalars = new Map<number, string>();

  /** Claims `base` as a value name, or `base_2`, `base_3`, … when it is taken. */
  fresh(base: string): string {
    let name = base;
    for (let n = 2; this.taken.has(name); n++) name = `${base}_${n}`;
    this.taken.add(name);
    return name;
  }

  /** Adds a node writing to a fresh value named after `output`; returns that name. */
  node(opType: string, inputs: readonly string[], output: string, attributes: IAttributeProto[] = []): string {
    const out = this.fresh(output);
    this.nodes.push({ opType, input: [...inputs], output: [out], name: out, attribute: attributes });
    return out;
  }

  /** A float32 initializer holding `data` (row-major) with shape `dims`. */
  floatTensor(base: string, data: Float32Array, dims: readonly number[]): string {
    const name = this.fresh(base);
    const bytes = float32ToLeBytes(data);
    this.weightBytes += bytes.byteLength;
    this.initializers.push({ name, dims: [...dims], dataType: onnx.TensorProto.DataType.FLOAT, rawData: bytes });
    return name;
  }

  /** A float32 scalar constant, shared by every node that uses the same value. */
  floatScalar(value: number): string {
    const known = this.scalars.get(value);
    if (known) return known;
    const name = this.fresh(`const_${String(value).replace(/[^0-9A-Za-z]/g, '_')}`);
    this.initializers.push({ name, dims: [], dataType: onnx.TensorProto.DataType.FLOAT, floatData: [value] });
    this.scalars.set(value, name);
    return name;
  }

  /** An int64 1-D constant (Pad amounts, Reshape shapes). */
  int64Tensor(base: string, values: readonly number[]): string {
    const name = this.fresh(base);
    this.initializers.push({ name, dims: [values.length], dataType: onnx.TensorProto.DataType.INT64, int64Data: [...values] });
    return name;
  }
}
