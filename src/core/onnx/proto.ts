/**
 * The ONNX protobuf messages, shared by the ONNX exporter (src/core/onnx/export) and importer
 * (src/core/onnx/import). Wraps the maintained `onnx-proto` package (protobufjs static code generated
 * from onnx.proto v1.10.2), so nothing here packs bytes by hand. Pure TS: works in the browser and Node.
 */
import * as onnxProtoModule from 'onnx-proto';
import type { onnx as OnnxNamespace } from 'onnx-proto';

type Onnx = typeof OnnxNamespace;

/**
 * `onnx-proto` is CommonJS (`module.exports = { onnx }`). Node's ESM loader exposes it only as `default`,
 * bundlers also copy `onnx` onto the namespace; accept both.
 */
function resolveOnnx(): Onnx {
  const mod = onnxProtoModule as unknown as { onnx?: Onnx; default?: { onnx?: Onnx } };
  const found = mod.onnx ?? mod.default?.onnx;
  if (!found) throw new Error('The onnx-proto package did not load (no `onnx` namespace).');
  return found;
}

/** The generated message classes: `onnx.ModelProto`, `onnx.TensorProto.DataType.FLOAT`, … */
export const onnx: Onnx = /* @__PURE__ */ resolveOnnx();

export type ModelProto = OnnxNamespace.ModelProto;
export type IModelProto = OnnxNamespace.IModelProto;
export type GraphProto = OnnxNamespace.GraphProto;
export type IGraphProto = OnnxNamespace.IGraphProto;
export type NodeProto = OnnxNamespace.NodeProto;
export type INodeProto = OnnxNamespace.INodeProto;
export type TensorProto = OnnxNamespace.TensorProto;
export type ITensorProto = OnnxNamespace.ITensorProto;
export type AttributeProto = OnnxNamespace.AttributeProto;
export type IAttributeProto = OnnxNamespace.IAttributeProto;
export type ValueInfoProto = OnnxNamespace.ValueInfoProto;
export type IValueInfoProto = OnnxNamespace.IValueInfoProto;

/** The operator set the exporter targets (and the importer reads at least). */
export const ONNX_OPSET = 13;
/** IR version 7 is the one released with opset 13 (ONNX 1.8). */
export const ONNX_IR_VERSION = 7;

/** Serialises a model to the bytes of a `.onnx` file. */
export function encodeModel(model: IModelProto): Uint8Array {
  return onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
}

/** Parses the bytes of a `.onnx` file; throws protobufjs's error on malformed input. */
export function decodeModel(bytes: Uint8Array): ModelProto {
  return onnx.ModelProto.decode(bytes);
}

/** int64 fields decode as `Long` objects (protobufjs picks up the `long` package) or plain numbers. */
export function int64ToNumber(value: number | { toNumber(): number } | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : value.toNumber();
}
