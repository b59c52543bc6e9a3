import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeDesign } from '../../graph/analyze';
import type { Design } from '../../graph/types';
import { loadDesignOrModel } from '../../io/load-any';
import { importKerasModel } from './import-keras-model';

/** Models built with tfjs itself, serialized with toJSON, imported, and compared with tfjs' own numbers. */

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function importModel(model: tf.LayersModel): { design: Design; warnings: string[] } {
  const json = model.toJSON(null, false);
  const r = importKerasModel(json);
  if (!r.ok) throw new Error(r.error);
  return r;
}

/** Asserts params, output shape and every layer's output shape equal tfjs'. */
function expectSameAsTfjs(model: tf.LayersModel, design: Design): void {
  const a = analyzeDesign(design);
  expect(a.issues.filter((i) => i.severity === 'error')).toEqual([]);
  expect(a.totals.params).toBe(model.countParams());
  const tfOut = (model.outputs[0].shape as (number | null)[]).slice(1);
  expect(a.totals.outputShape).toEqual(tfOut);
  const trainable = model.trainableWeights.reduce((s, w) => s + w.shape.reduce((x: number, y) => x * (y ?? 1), 1), 0);
  expect(a.totals.trainableParams).toBe(trainable);
  const byName = new Map(a.blocks.map((b) => [b.name, b]));
  for (const layer of model.layers) {
    const st = byName.get(layer.name);
    if (!st) continue; // folded softmax / synthesized input
    expect([layer.name, st.outputShape]).toEqual([layer.name, (layer.outputShape as (number | null)[]).slice(1)]);
    expect([layer.name, st.cost?.params ?? 0]).toEqual([layer.name, layer.countParams()]);
  }
}

describe('import of tfjs-built models', () => {
  it('Sequential: dilated Conv2D, BN, SeparableConv2D, DepthwiseConv2D, ReLU6, pooling, global pooling, Dense', () => {
    const m = tf.sequential({ name: 'seq_all' });
    m.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 3, dilationRate: 2, activation: 'relu' }));
    m.add(tf.layers.batchNormalization());
    m.add(tf.layers.separableConv2d({ filters: 16, kernelSize: [3, 5], padding: 'same', activation: 'elu' }));
    m.add(tf.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, strides: 2, useBias: false }));
    m.add(tf.layers.reLU({ maxValue: 6 }));
    m.add(tf.layers.maxPooling2d({ poolSize: 3, strides: 1, padding: 'same' }));
    m.add(tf.layers.averagePooling2d({ poolSize: 2 }));
    m.add(tf.layers.conv2d({ filters: 12, kernelSize: 1, activation: 'tanh' }));
    m.add(tf.layers.globalAveragePooling2d({}));
    m.add(tf.layers.dense({ units: 20, activation: 'selu' }));
    m.add(tf.layers.dropout({ rate: 0.3 }));
    m.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
    const { design, warnings } = importModel(m);
    expect(m.countParams()).toBe(80 + 32 + 264 + 288 + 396 + 260 + 210);
    expectSameAsTfjs(m, design);
    expect(design.blocks.map((b) => b.kind)).toEqual([
      'input',
      'receptive-field-conv',
      'batch-norm',
      'separable-conv',
      'depthwise-conv',
      'activation',
      'max-pool',
      'avg-pool',
      'conv',
      'global-pool',
      'dense',
      'dropout',
      'output',
    ]);
    expect(design.blocks[5].params).toEqual({ activation: 'relu6' });
    // tfjs 4.22 omits SeparableConv2D's depth_multiplier from its JSON: we say we assumed 1
    expect(warnings).toEqual([`layer '${m.layers[2].name}' (SeparableConv2D) has no depth_multiplier; assumed 1`]);
  });

  it('functional: two branches (plain + dilated conv), Add, Concatenate, SeparableConv2D, global max pool', () => {
    const inp = tf.input({ shape: [24, 24, 3], name: 'image' });
    const a = tf.layers.conv2d({ filters: 6, kernelSize: 3, padding: 'same', name: 'plain' }).apply(inp) as tf.SymbolicTensor;
    const b = tf.layers
      .conv2d({ filters: 6, kernelSize: 3, padding: 'same', dilationRate: 3, name: 'dilated', activation: 'relu' })
      .apply(inp) as tf.SymbolicTensor;
    const sum = tf.layers.add({ name: 'sum' }).apply([a, b]) as tf.SymbolicTensor;
    const sep = tf.layers.separableConv2d({ filters: 10, kernelSize: 3, padding: 'valid', name: 'sep' }).apply(sum) as tf.SymbolicTensor;
    const dw = tf.layers.depthwiseConv2d({ kernelSize: 5, padding: 'valid', name: 'dw' }).apply(sum) as tf.SymbolicTensor;
    const sepCrop = tf.layers.maxPooling2d({ poolSize: 3, strides: 1, name: 'crop' }).apply(sep) as tf.SymbolicTensor; // 22 → 20
    const cat2 = tf.layers.concatenate({ name: 'cat2' }).apply([dw, sepCrop]) as tf.SymbolicTensor;
    const g = tf.layers.globalMaxPooling2d({ name: 'gmp' }).apply(cat2) as tf.SymbolicTensor;
    const out = tf.layers.dense({ units: 4, activation: 'softmax', name: 'probs' }).apply(g) as tf.SymbolicTensor;
    const m = tf.model({ inputs: inp, outputs: out, name: 'branchy' });
    const { design } = importModel(m);
    expectSameAsTfjs(m, design);
    const a2 = analyzeDesign(design);
    const cat2Block = design.blocks.find((bl) => bl.name === 'cat2');
    expect(cat2Block && a2.byId[cat2Block.id].outputShape).toEqual([20, 20, 16]);
    const dil = design.blocks.find((bl) => bl.name === 'dilated');
    expect(dil?.kind).toBe('receptive-field-conv');
    expect(dil && a2.byId[dil.id].receptiveField?.size).toEqual([7, 7]);
  });

  it('Flatten + Dense + Activation(softmax) head folds into one Output block; activations survive', () => {
    const m = tf.sequential();
    m.add(tf.layers.conv2d({ inputShape: [12, 12, 2], filters: 3, kernelSize: 3, strides: 2, activation: 'softplus' }));
    m.add(tf.layers.activation({ activation: 'hardSigmoid' }));
    m.add(tf.layers.activation({ activation: 'softsign' }));
    m.add(tf.layers.flatten());
    m.add(tf.layers.dense({ units: 7, activation: 'swish' }));
    m.add(tf.layers.dense({ units: 5 }));
    m.add(tf.layers.activation({ activation: 'softmax' }));
    const { design, warnings } = importModel(m);
    expectSameAsTfjs(m, design);
    expect(design.blocks.map((b) => b.kind)).toEqual(['input', 'conv', 'activation', 'activation', 'flatten', 'dense', 'output']);
    expect(design.blocks.map((b) => b.params.activation)).toEqual([undefined, 'softplus', 'hard_sigmoid', 'softsign', undefined, 'swish', 'softmax']);
    expect(warnings).toHaveLength(1);
  });

  it('reads SeparableConv2D depth_multiplier from the weights manifest of a saved model.json', async () => {
    const m = tf.sequential();
    m.add(tf.layers.separableConv2d({ inputShape: [10, 10, 4], filters: 6, kernelSize: 3, depthMultiplier: 3 }));
    m.add(tf.layers.flatten());
    m.add(tf.layers.dense({ units: 2, activation: 'softmax' }));
    let modelJson = '';
    await m.save(
      tf.io.withSaveHandler(async (artifacts) => {
        modelJson = JSON.stringify({
          format: 'layers-model',
          generatedBy: 'test',
          modelTopology: artifacts.modelTopology,
          weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
        });
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const r = loadDesignOrModel(modelJson, 'sep.model.json');
    if (!r.ok) throw new Error(r.error);
    expect(r.source).toBe('keras');
    expect(r.warnings).toEqual([]);
    expect(r.design.blocks[1].params.depthMultiplier).toBe(3);
    expectSameAsTfjs(m, r.design);
    expect(analyzeDesign(r.design).totals.params).toBe(3 * 3 * 4 * 3 + 12 * 6 + 6 + 8 * 8 * 6 * 2 + 2);
  });
});
