import { describe, expect, it } from 'vitest';
import { decodeModel, encodeModel, int64ToNumber, onnx, ONNX_IR_VERSION, ONNX_OPSET } from './proto';

describe('onnx proto wrapper', () => {
  it('round-trips a model with an int64 attribute and float initializer', () => {
    const bytes = encodeModel({
      irVersion: ONNX_IR_VERSION,
      opsetImport: [{ domain: '', version: ONNX_OPSET }],
      graph: {
        name: 'g',
        node: [{ opType: 'Flatten', input: ['x'], output: ['y'], attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 1 }] }],
        initializer: [{ name: 'w', dims: [2], dataType: onnx.TensorProto.DataType.FLOAT, floatData: [1.5, -2] }],
      },
    });
    const model = decodeModel(bytes);
    expect(int64ToNumber(model.irVersion)).toBe(7);
    expect(int64ToNumber(model.opsetImport[0].version)).toBe(13);
    const nodes = model.graph?.node ?? [];
    expect(nodes[0]?.opType).toBe('Flatten');
    expect(int64ToNumber(nodes[0]?.attribute?.[0]?.i)).toBe(1);
    expect(model.graph?.initializer?.[0]?.floatData).toEqual([1.5, -2]);
  });
});
