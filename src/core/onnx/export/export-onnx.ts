/**
 * ExportModel (checked Keras topology + trained weights) → one self-contained `.onnx` file (opset 13, IR 7) holding
 * the graph and every weight. Layout: NCHW inputs and rank-4 outputs, as ONNX tools expect; [N, F] for vectors.
 * The batch dimension is symbolic ('N'). See docs/onnx.md.
 */
import type { ExportFile } from '../../export/bundle';
import { ExportInputError } from '../../export/errors';
import type { ExportModel } from '../../export/export-model';
import { encodeModel, onnx, ONNX_IR_VERSION, ONNX_OPSET, type IModelProto, type IValueInfoProto } from '../proto';
import { OnnxGraphBuilder } from './graph-builder';
import { lowerLayer } from './layer-lowering';

export const ONNX_FILE_NAME = 'model.onnx';
export const ONNX_PRODUCER = 'Sora Designer';

/** A protobuf message cannot exceed 2 GiB; leave room for the graph around the weights. */
const MAX_WEIGHT_BYTES = 2 ** 31 - 2 ** 24;

/** Keras dims without the batch ([H, W, C] or [F]) → ONNX dims with a symbolic batch (NCHW or [N, F]). */
export function onnxDims(kerasDims: readonly number[]): (number | 'N')[] {
  if (kerasDims.length === 3) return ['N', kerasDims[2], kerasDims[0], kerasDims[1]];
  return ['N', ...kerasDims];
}

function valueInfo(name: string, kerasDims: readonly number[]): IValueInfoProto {
  const dim = onnxDims(kerasDims).map((d) => (d === 'N' ? { dimParam: 'N' } : { dimValue: d }));
  return { name, type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim } } } };
}

export interface OnnxExportOptions {
  /** Refuse models whose weights exceed this many bytes (default: what fits in one 2 GiB protobuf message). */
  maxWeightBytes?: number;
}

/** The ONNX model message: graph nodes in the layers' topological order, weights as initializers. */
export function buildOnnxModel(model: ExportModel, options: OnnxExportOptions = {}): IModelProto {
  const maxWeightBytes = options.maxWeightBytes ?? MAX_WEIGHT_BYTES;
  const b = new OnnxGraphBuilder();
  const valueOf = new Map<string, string>();
  const inputs: IValueInfoProto[] = [];
  for (const layer of model.layers) {
    if (layer.className === 'InputLayer') {
      const name = b.fresh(layer.name);
      valueOf.set(layer.name, name);
      inputs.push(valueInfo(name, layer.outDims));
      continue;
    }
    const ins = layer.inbound.map((src) => {
      const v = valueOf.get(src);
      if (v === undefined) throw new ExportInputError(`layer '${layer.name}' reads '${src}', which has no ONNX value yet`);
      return v;
    });
    valueOf.set(layer.name, lowerLayer(b, layer, ins));
    if (b.weightBytes > maxWeightBytes) {
      const limit = maxWeightBytes === MAX_WEIGHT_BYTES ? '2 GiB, the limit of a single .onnx file' : `${maxWeightBytes} bytes`;
      throw new ExportInputError(`the weights exceed ${limit} (reached at layer '${layer.name}', ${b.weightBytes} bytes so far)`);
    }
  }
  const outputs = model.outputs.map((name) => {
    const layer = model.layers.find((l) => l.name === name);
    const value = valueOf.get(name);
    if (!layer || value === undefined) throw new ExportInputError(`model output '${name}' is not a layer of the graph`);
    // A graph input cannot also be listed as an output value: route it through an Identity.
    const out = inputs.some((i) => i.name === value) ? b.node('Identity', [value], `${name}/output`) : value;
    return valueInfo(out, layer.outDims);
  });
  return {
    irVersion: ONNX_IR_VERSION,
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    producerName: ONNX_PRODUCER,
    producerVersion: '0.1.0',
    docString: `${model.name}: exported from a Keras/tfjs layers model. Inputs NCHW float32 (Keras NHWC transposed), batch 'N'.`,
    metadataProps: [
      { key: 'input_layout', value: 'NCHW' },
      { key: 'source_layout', value: 'NHWC (Keras channels_last)' },
    ],
    graph: { name: model.name, node: b.nodes, initializer: b.initializers, input: inputs, output: outputs },
  };
}

/** The bytes of the `.onnx` file. */
export function exportOnnx(model: ExportModel, options: OnnxExportOptions = {}): Uint8Array {
  return encodeModel(buildOnnxModel(model, options));
}

/** The ONNX export as the exporters' file list: one `model.onnx`. */
export function exportOnnxFiles(model: ExportModel): ExportFile[] {
  return [{ path: ONNX_FILE_NAME, data: exportOnnx(model) }];
}
