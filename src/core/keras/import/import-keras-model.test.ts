import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeDesign } from '../../graph/analyze';
import { parseDesignFile, serializeDesign } from '../../io/design-file';
import { importKerasModel } from './import-keras-model';

const FIXTURES = path.resolve(__dirname, '..', '..', 'io', '__fixtures__');
const REAL_MNIST = path.join(FIXTURES, 'mnist-cnn-tfjs-layers-1.3.2.model.json');

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8'));
}

function imported(json: unknown, fileName?: string) {
  const r = importKerasModel(json, fileName);
  if (!r.ok) throw new Error(r.error);
  return { ...r, analysis: analyzeDesign(r.design) };
}

function errorOf(json: unknown, fileName?: string): string {
  const r = importKerasModel(json, fileName);
  if (r.ok) throw new Error('expected an import error');
  return r.error;
}

describe('importKerasModel: real and hand-written files', () => {
  it('imports the real tfjs 1.3.2 MNIST CNN to 594,922 params', () => {
    const json: unknown = JSON.parse(readFileSync(REAL_MNIST, 'utf8'));
    const { design, warnings, analysis } = imported(json, 'mnist.model.json');
    expect(warnings).toEqual([]);
    expect(analysis.valid).toBe(true);
    expect(analysis.totals.params).toBe(594_922);
    expect(analysis.totals.outputShape).toEqual([10]);
    expect(design.blocks.map((b) => b.kind)).toEqual([
      'input',
      'conv',
      'conv',
      'max-pool',
      'conv',
      'conv',
      'max-pool',
      'flatten',
      'dropout',
      'dense',
      'dropout',
      'output',
    ]);
    expect(design.blocks[0].params).toEqual({ height: 28, width: 28, channels: 1 });
    expect(design.edges).toHaveLength(11);
    // positions: one row per depth, top to bottom
    expect(design.blocks.map((b) => b.position.y)).toEqual(design.blocks.map((_, i) => i * 120));
    // the imported design saves and loads back exactly
    expect(parseDesignFile(serializeDesign(design))).toEqual({ ok: true, design });
  });

  it('imports a Keras 2 functional model_config (converter output) with BN, ReLU6, depthwise, dilation, Add', () => {
    const { design, warnings, analysis } = imported(fixture('keras2-functional-model-config.model.json'));
    expect(analysis.valid).toBe(true);
    expect(analysis.totals.params).toBe(6842);
    expect(analysis.totals.trainableParams).toBe(6810);
    expect(analysis.totals.nonTrainableParams).toBe(32);
    expect(analysis.totals.outputShape).toEqual([10]);
    expect(warnings).toEqual([`merged Dense 'logits' and softmax 'probs' into one Output block`]);
    const byName = Object.fromEntries(design.blocks.map((b) => [b.name, b]));
    expect(byName.dilated.kind).toBe('receptive-field-conv');
    expect(byName.dilated.params.dilation).toEqual([2, 2]);
    expect(byName.conv2d.kind).toBe('conv');
    expect(byName.conv2d.params).toMatchObject({ strides: [2, 2], useBias: false, activation: 'linear' });
    expect(byName.re_lu.params).toEqual({ activation: 'relu6' });
    expect(byName.depthwise_conv2d.params).toMatchObject({ depthMultiplier: 2, activation: 'relu' });
    expect(byName.max_pooling2d.params).toEqual({ poolSize: [2, 2], strides: [2, 2], padding: 'valid' });
    expect(byName.logits.kind).toBe('output');
    expect(byName.probs).toBeUndefined();
    expect(analysis.byId[byName.add.id].outputShape).toEqual([16, 16, 32]);
    const addInputs = design.edges.filter((e) => e.target === byName.add.id).sort((a, b) => a.targetIndex - b.targetIndex);
    expect(addInputs.map((e) => e.source)).toEqual([byName.pointwise.id, byName.dilated.id]);
    // two branches from re_lu sit side by side on one row
    expect(byName.depthwise_conv2d.position.y).toBe(byName.dilated.position.y);
    expect(byName.depthwise_conv2d.position.x).not.toBe(byName.dilated.position.x);
  });

  it('warns when the weights manifest disagrees with the imported params', () => {
    const json = fixture('keras2-functional-model-config.model.json') as { weightsManifest: { weights: { shape: number[] }[] }[] };
    json.weightsManifest[0].weights[0].shape = [3, 3, 3, 17];
    const { warnings } = imported(json);
    expect(warnings).toContain(
      'the weights manifest holds 6,869 values but the imported design has 6,842 params; some layer settings may not have been read correctly',
    );
  });

  it('imports Keras 3 functional JSON (dict inbound nodes, Concatenate, activation dicts)', () => {
    const { design, analysis } = imported(fixture('keras3-functional.json'));
    expect(analysis.valid).toBe(true);
    expect(analysis.totals.params).toBe(763);
    expect(analysis.totals.outputShape).toEqual([10]);
    const byName = Object.fromEntries(design.blocks.map((b) => [b.name, b]));
    expect(byName.sep_a.params).toMatchObject({ activation: 'relu', filters: 8, depthMultiplier: 1 });
    expect(byName.embedding.params).toEqual({ units: 24, activation: 'swish', useBias: true });
    expect(byName.gmp.params).toEqual({ mode: 'max' });
    expect(analysis.byId[byName.concat.id].outputShape).toEqual([28, 28, 16]);
    expect(analysis.byId[byName.rf_conv.id].receptiveField?.size).toEqual([5, 5]);
    expect(byName.classifier.kind).toBe('output');
  });

  it('imports Keras 3 Sequential and old Keras 2.0 Sequential (list config, batch_input_shape)', () => {
    const k3 = imported(fixture('keras3-sequential.json'));
    expect(k3.analysis.totals.params).toBe(5874);
    expect(k3.design.blocks.map((b) => b.kind)).toEqual(['input', 'conv', 'max-pool', 'flatten', 'output']);
    const old = imported(fixture('keras2-sequential-list.json'), 'old.json');
    expect(old.analysis.totals.params).toBe(54_170);
    expect(old.design.name).toBe('old');
    expect(old.design.blocks[0]).toMatchObject({ kind: 'input', name: 'input', params: { height: 28, width: 28, channels: 1 } });
  });

  it('accepts input_shape on the first Sequential layer and int kernel/dilation spellings', () => {
    const json = {
      class_name: 'Sequential',
      config: {
        name: 's',
        layers: [
          { class_name: 'Conv2D', config: { name: 'c', input_shape: [20, 20, 3], filters: 5, kernel_size: 3, dilation_rate: 3, padding: 'same' } },
          { class_name: 'GlobalAveragePooling2D', config: { name: 'g' } },
          { class_name: 'Dense', config: { name: 'd', units: 4, activation: 'sigmoid' } },
        ],
      },
    };
    const { design, analysis } = imported(json);
    expect(design.blocks[1].kind).toBe('receptive-field-conv');
    expect(design.blocks[1].params).toMatchObject({ kernelSize: [3, 3], dilation: [3, 3], activation: 'linear' });
    expect(analysis.totals.params).toBe(3 * 3 * 3 * 5 + 5 + 5 * 4 + 4);
    expect(design.blocks[3]).toMatchObject({ kind: 'output', params: { activation: 'sigmoid', units: 4 } });
  });
});

describe('importKerasModel: errors', () => {
  const seq = (layers: unknown[]) => ({ class_name: 'Sequential', config: { name: 's', layers } });
  const input = { class_name: 'InputLayer', config: { name: 'in', batch_input_shape: [null, 8, 8, 1] } };

  it('explains weights-only and graph-model files', () => {
    expect(errorOf([{ paths: ['w.bin'], weights: [{ name: 'k', shape: [1], dtype: 'float32' }] }], 'w.json')).toBe(
      'w.json: has no modelTopology: it holds only weights (a weights manifest)',
    );
    expect(errorOf({ weightsManifest: [{ paths: ['w.bin'], weights: [] }] })).toMatch(/has no modelTopology: it holds only weights/);
    expect(errorOf({ format: 'graph-model', modelTopology: { node: [] } }, 'g.json')).toMatch(
      /^g\.json: is a TensorFlow graph model \(frozen graph\), not a Keras\/layers model/,
    );
    expect(errorOf({ modelTopology: { node: [{ name: 'x', op: 'Placeholder' }], versions: {} } })).toMatch(/is a TensorFlow graph model/);
  });

  it('names unsupported layers, channels_first and bad shapes', () => {
    expect(errorOf(seq([input, { class_name: 'LSTM', config: { name: 'lstm_1', units: 4 } }]))).toBe(
      "unsupported layer class 'LSTM' (layer 'lstm_1')",
    );
    expect(errorOf(seq([input, { class_name: 'Conv2D', config: { name: 'c', filters: 2, kernel_size: 3, data_format: 'channels_first' } }]))).toBe(
      "layer 'c' (Conv2D): data_format 'channels_first' is not supported; Sora designs are channels_last (NHWC)",
    );
    expect(errorOf(seq([{ class_name: 'InputLayer', config: { name: 'v', batch_input_shape: [null, 784] } }]))).toMatch(
      /layer 'v' \(InputLayer\): input shape \[784\] is not an image/,
    );
    expect(errorOf(seq([{ class_name: 'InputLayer', config: { name: 'v', batch_shape: [null, null, null, 3] } }]))).toMatch(
      /input shape \[None, None, 3\] has an unknown or invalid dimension/,
    );
    expect(errorOf(seq([input, { class_name: 'Conv2D', config: { name: 'c', filters: 2, kernel_size: 3, activation: 'gelu' } }]))).toMatch(
      /^layer 'c' \(Conv2D\): activation 'gelu' is not supported/,
    );
    expect(errorOf(seq([input, { class_name: 'ReLU', config: { name: 'r', max_value: 4 } }]))).toMatch(/max_value 4 is not supported/);
    expect(errorOf(seq([{ class_name: 'Dense', config: { name: 'd', units: 3 } }]))).toMatch(/declares no input shape/);
  });

  it('rejects non-models, non-JSON text, multi-input models and shared layers', () => {
    expect(errorOf('{"class_name": "Sequential",', 'broken.json')).toMatch(/^broken\.json: not JSON: .* at line 1 column 29/);
    expect(
      importKerasModel(
        JSON.stringify(seq([input, { class_name: 'Flatten', config: { name: 'f' } }, { class_name: 'Dense', config: { name: 'd', units: 2 } }])),
      ),
    ).toMatchObject({ ok: true });
    expect(errorOf({ hello: 1 })).toMatch(/no "class_name"/);
    expect(errorOf({ class_name: 'Bidirectional', config: {} })).toMatch(/model class 'Bidirectional' is not supported/);
    const twoInputs = {
      class_name: 'Model',
      config: {
        layers: [
          { ...input, name: 'in', inbound_nodes: [] },
          { class_name: 'InputLayer', config: { name: 'in2', batch_input_shape: [null, 8, 8, 1] }, name: 'in2', inbound_nodes: [] },
          {
            class_name: 'Add',
            config: { name: 'a' },
            name: 'a',
            inbound_nodes: [
              [
                ['in', 0, 0, {}],
                ['in2', 0, 0, {}],
              ],
            ],
          },
        ],
      },
    };
    expect(errorOf(twoInputs)).toBe("the model has 2 inputs ('in', 'in2'); Sora designs have exactly one input");
    const shared = structuredClone(twoInputs);
    (shared.config.layers[2].inbound_nodes as unknown[]).push([
      ['in', 0, 0, {}],
      ['in', 0, 0, {}],
    ]);
    expect(errorOf(shared)).toBe("layer 'a' is called 2 times (shared layers are not supported)");
  });
});
