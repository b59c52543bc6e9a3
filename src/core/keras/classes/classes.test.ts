/**
 * The class table is the one list of Keras classes: every exporter and the importer dispatch on it, and each entry
 * works in every target. One sample layer per class (a Record over the table's keys, so a new class needs one).
 */
import { describe, expect, it } from 'vitest';
import { OnnxGraphBuilder } from '../../onnx/export/graph-builder';
import { lowerLayer, ONNX_LOWERINGS } from '../../onnx/export/layer-lowering';
import { ImportError } from '../import-config';
import { mapLayer } from '../import/map-layer';
import { inferLayer } from '../infer-layer';
import { kerasLayerCall } from '../keras-layer-call';
import { planTorchLayer } from '../torch-layer';
import type { Dims, ExportLayer, LayerConfig } from '../types';
import { IMPORTABLE_LAYERS, KERAS_CLASSES, SUPPORTED_LAYERS, type KerasClassName } from '.';

const IMAGE: Dims = [8, 8, 4];

/** A config and input dims for one layer of each class. */
const SAMPLES: Record<KerasClassName, { config: LayerConfig; ins: Dims[] }> = {
  InputLayer: { config: { batch_input_shape: [null, ...IMAGE] }, ins: [] },
  Conv2D: { config: { filters: 3, kernel_size: [3, 3], padding: 'same', activation: 'relu' }, ins: [IMAGE] },
  DepthwiseConv2D: { config: { kernel_size: 3, depth_multiplier: 2, dilation_rate: 2 }, ins: [IMAGE] },
  SeparableConv2D: { config: { filters: 5, kernel_size: 3, strides: 2, padding: 'same' }, ins: [IMAGE] },
  Dense: { config: { units: 6, activation: 'softmax' }, ins: [[10]] },
  BatchNormalization: { config: { epsilon: 1e-3, momentum: 0.9 }, ins: [IMAGE] },
  Activation: { config: { activation: 'tanh' }, ins: [IMAGE] },
  ReLU: { config: { max_value: 6 }, ins: [IMAGE] },
  LeakyReLU: { config: { alpha: 0.2 }, ins: [IMAGE] },
  ELU: { config: { alpha: 1 }, ins: [IMAGE] },
  Softmax: { config: { axis: -1 }, ins: [[10]] },
  MaxPooling2D: { config: { pool_size: 2, padding: 'same' }, ins: [IMAGE] },
  AveragePooling2D: { config: { pool_size: [2, 2], strides: [2, 2] }, ins: [IMAGE] },
  GlobalAveragePooling2D: { config: {}, ins: [IMAGE] },
  GlobalMaxPooling2D: { config: {}, ins: [IMAGE] },
  Flatten: { config: {}, ins: [IMAGE] },
  Dropout: { config: { rate: 0.25 }, ins: [IMAGE] },
  SpatialDropout2D: { config: { rate: 0.25 }, ins: [IMAGE] },
  Add: { config: {}, ins: [IMAGE, IMAGE] },
  Subtract: { config: {}, ins: [IMAGE, IMAGE] },
  Multiply: { config: {}, ins: [IMAGE, IMAGE] },
  Average: { config: {}, ins: [IMAGE, IMAGE] },
  Maximum: { config: {}, ins: [IMAGE, IMAGE] },
  Minimum: { config: {}, ins: [IMAGE, IMAGE] },
  Concatenate: { config: { axis: -1 }, ins: [IMAGE, [8, 8, 2]] },
  ZeroPadding2D: {
    config: {
      padding: [
        [1, 0],
        [2, 1],
      ],
    },
    ins: [IMAGE],
  },
};

/** The sample layer of `cls`, its shapes inferred and zero weights bound, as the exporter builds it. */
function sampleLayer(cls: KerasClassName): ExportLayer {
  const { config, ins } = SAMPLES[cls];
  const node = { name: `l_${cls}`, className: cls, config: { name: `l_${cls}`, ...config }, inbound: ins.map((_, i) => `in${i}`) };
  const { out, weights } = inferLayer(node, ins);
  const bound = weights.map(({ key, shape }) => ({
    key,
    tensor: { name: `${node.name}/${key}`, shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)) },
  }));
  return { ...node, inDims: ins, outDims: out, weights: bound };
}

describe('the Keras class table', () => {
  it('lists the exporters’ classes in the order their error message names them', () => {
    expect(SUPPORTED_LAYERS).toEqual(Object.keys(SAMPLES));
    expect(SUPPORTED_LAYERS.join(', ')).toBe(
      'InputLayer, Conv2D, DepthwiseConv2D, SeparableConv2D, Dense, BatchNormalization, Activation, ReLU, LeakyReLU, ELU, Softmax, ' +
        'MaxPooling2D, AveragePooling2D, GlobalAveragePooling2D, GlobalMaxPooling2D, Flatten, Dropout, SpatialDropout2D, Add, Subtract, ' +
        'Multiply, Average, Maximum, Minimum, Concatenate, ZeroPadding2D',
    );
  });

  it('derives the importable classes from the entries that map to a block', () => {
    expect([...IMPORTABLE_LAYERS].sort()).toEqual(
      [
        'InputLayer',
        'Conv2D',
        'SeparableConv2D',
        'DepthwiseConv2D',
        'Dense',
        'BatchNormalization',
        'Activation',
        'ReLU',
        'Softmax',
        'MaxPooling2D',
        'AveragePooling2D',
        'GlobalAveragePooling2D',
        'GlobalMaxPooling2D',
        'Flatten',
        'Dropout',
        'Add',
        'Concatenate',
        'ZeroPadding2D',
      ].sort(),
    );
  });

  it('has a PyTorch translation and a Keras call for every class but InputLayer, which the generators write themselves', () => {
    for (const cls of SUPPORTED_LAYERS) {
      const entry = KERAS_CLASSES[cls];
      expect([cls, entry.torch !== undefined, entry.kerasArgs !== undefined]).toEqual([cls, cls !== 'InputLayer', cls !== 'InputLayer']);
      expect([cls, entry.takes === 'none']).toEqual([cls, cls === 'InputLayer']);
    }
  });

  it('gives every class its shape, PyTorch module/forward and Keras call', () => {
    const conv = sampleLayer('Conv2D');
    expect(conv.outDims).toEqual([8, 8, 3]);
    expect(conv.weights.map((w) => [w.key, w.tensor.shape])).toEqual([
      ['kernel', [3, 3, 4, 3]],
      ['bias', [3]],
    ]);
    expect(planTorchLayer(conv, 'self.c', ['x']).module).toBe(
      'nn.Conv2d(4, 3, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1), dilation=(1, 1), bias=True)',
    );
    expect(kerasLayerCall(conv)).toBe(
      'layers.Conv2D(filters=3, kernel_size=(3, 3), strides=(1, 1), padding="same", dilation_rate=(1, 1), activation="relu", use_bias=True, name="l_Conv2D")',
    );
    expect(sampleLayer('ZeroPadding2D').outDims).toEqual([9, 11, 4]);
    expect(sampleLayer('Concatenate').outDims).toEqual([8, 8, 6]);
    expect(sampleLayer('SeparableConv2D').outDims).toEqual([4, 4, 5]);
    for (const cls of SUPPORTED_LAYERS.filter((c) => c !== 'InputLayer')) {
      const layer = sampleLayer(cls);
      const ins = layer.inbound;
      expect(planTorchLayer(layer, 'self.m', ins).forward, cls).toMatch(/\S/);
      expect(kerasLayerCall(layer), cls).toMatch(new RegExp(`^layers\\.${cls}\\(.*name="l_${cls}"\\)$`));
    }
    expect(() => planTorchLayer(sampleLayer('InputLayer'), 'self.i', [])).toThrow("no PyTorch translation for layer class 'InputLayer'");
    expect(() => kerasLayerCall(sampleLayer('InputLayer'))).toThrow("no Keras translation for layer class 'InputLayer'");
  });

  it('names every supported class when refusing an unknown one', () => {
    const node = { name: 'b', className: 'Bidirectional', config: {}, inbound: ['x'] };
    expect(() => inferLayer(node, [IMAGE])).toThrow(
      `layer 'b' (Bidirectional): layer class 'Bidirectional' is not supported for export (supported: ${SUPPORTED_LAYERS.join(', ')})`,
    );
  });
});

describe('the ONNX lowering', () => {
  it('covers exactly the table’s classes (InputLayer is the graph input)', () => {
    expect(Object.keys(ONNX_LOWERINGS).sort()).toEqual(SUPPORTED_LAYERS.filter((c) => c !== 'InputLayer').sort());
  });

  it('lowers the sample layer of every class to nodes whose output is named after the layer', () => {
    for (const cls of SUPPORTED_LAYERS.filter((c) => c !== 'InputLayer')) {
      const b = new OnnxGraphBuilder();
      const layer = sampleLayer(cls);
      const out = lowerLayer(b, layer, layer.inbound);
      expect([cls, out.startsWith(layer.name)]).toEqual([cls, true]);
      expect(b.nodes.length, cls).toBeGreaterThan(0);
    }
  });

  it('refuses a class outside the table and InputLayer', () => {
    const b = new OnnxGraphBuilder();
    const layer: ExportLayer = { name: 'g', className: 'GRU', config: {}, inbound: ['x'], inDims: [[4]], outDims: [4], weights: [] };
    expect(() => lowerLayer(b, layer, ['x'])).toThrow("layer 'g' (GRU): has no ONNX translation");
    expect(() => lowerLayer(b, sampleLayer('InputLayer'), [])).toThrow("layer 'l_InputLayer' (InputLayer): has no ONNX translation");
  });
});

describe('import → block, by the table', () => {
  const ctx = { isOutput: false, weightShape: () => undefined };
  it('maps every importable class (old class-name spellings too) and refuses the others by name', () => {
    for (const cls of IMPORTABLE_LAYERS) {
      const config = cls === 'InputLayer' ? { batch_input_shape: [null, ...IMAGE] } : SAMPLES[cls].config;
      expect(mapLayer({ name: 'x', className: cls, config, inbound: [] }, ctx).kind, cls).toMatch(/^[a-z-]+$/);
    }
    expect(mapLayer({ name: 'p', className: 'MaxPool2D', config: {}, inbound: [] }, ctx)).toEqual({
      kind: 'max-pool',
      params: { poolSize: [2, 2], strides: [2, 2], padding: 'valid' },
      warnings: [],
    });
    expect(mapLayer({ name: 'd', className: 'Dense', config: { units: 3 }, inbound: [] }, { ...ctx, isOutput: true }).kind).toBe('output');
    expect(() => mapLayer({ name: 'l', className: 'LeakyReLU', config: {}, inbound: [] }, ctx)).toThrow(
      new ImportError("unsupported layer class 'LeakyReLU' (layer 'l')"),
    );
    expect(() => mapLayer({ name: 'm', className: 'Functional', config: {}, inbound: [] }, ctx)).toThrow(
      "layer 'm' (Functional): nested models are not supported; flatten the sub-model into the main model first",
    );
  });
});
