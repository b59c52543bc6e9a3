import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeDesign } from '../core/graph/analyze';
import { designToKerasModel, designToKerasModelConfig } from '../core/keras/topology-writer';
import { zeroPaddingDesign } from '../core/export/__tests__/zero-padding-design';
import { TEMPLATES } from '../core/templates';
import { compileDesign } from './compile';
import { designFromRows, type DesignRow } from '../test-support/designs';
import { expectModelMatchesAnalysis } from '../test-support/model-checks';

const design = (rows: DesignRow[]) => designFromRows('small net', rows);

/** Dilated conv, dilated depthwise (dm 2), dilated separable with BN, a residual add and a concat. */
const dilatedNet = () =>
  design([
    ['input', { height: 12, width: 11, channels: 1 }, []],
    ['receptive-field-conv', { filters: 4, dilation: [2, 2], activation: 'relu' }, ['input_1']],
    ['separable-conv', { filters: 4, dilation: [2, 3], depthMultiplier: 2, batchNorm: true, activation: 'relu6' }, ['receptive_field_conv_1']],
    ['add', {}, ['receptive_field_conv_1', 'separable_conv_1']],
    ['depthwise-conv', { dilation: [2, 2], depthMultiplier: 2, padding: 'valid', activation: 'linear' }, ['add_1']],
    ['conv', { filters: 3, kernelSize: [1, 1], activation: 'elu' }, ['depthwise_conv_1']],
    ['concatenate', {}, ['depthwise_conv_1', 'conv_1']],
    ['encoding', { pool: 'max', poolSize: [2, 2], mode: 'flatten', embeddingUnits: 8, dropout: 0.1 }, ['concatenate_1']],
    ['output', { units: 3, activation: 'softmax' }, ['encoding_1']],
  ]);

describe('compileDesign', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  for (const t of TEMPLATES) {
    it(`template '${t.id}': params, weights, output and per-block shapes match the analysis`, () => {
      const d = t.build();
      const a = analyzeDesign(d);
      expect(a.valid).toBe(true);
      // the 202M-param seed baseline is built with zero weights (no initializer run) to stay fast
      const model = compileDesign(d, { zeroInit: a.totals.params > 10_000_000 });
      try {
        expectModelMatchesAnalysis(model, d, a);
      } finally {
        model.dispose();
      }
    });
  }

  it('builds the dilated residual net with the shapes of the analysis', () => {
    const d = dilatedNet();
    const a = analyzeDesign(d);
    expect(a.valid).toBe(true);
    const model = compileDesign(d);
    const r = expectModelMatchesAnalysis(model, d, a);
    expect(r.counts.nonTrainableParams).toBe(8); // separable_conv_1_bn: moving mean + moving variance, 4 channels each
    expect(model.getLayer('depthwise_conv_1').outputShape).toEqual([null, 8, 7, 8]);
    expect(model.outputs[0].shape).toEqual([null, 3]);
    model.dispose();
  });

  it('compiles Zero Padding blocks to ZeroPadding2D layers with the shapes of the analysis, zeros around the map', () => {
    const d = zeroPaddingDesign();
    const a = analyzeDesign(d);
    expect(a.valid).toBe(true);
    const model = compileDesign(d);
    try {
      expectModelMatchesAnalysis(model, d, a);
      const pad = model.getLayer('zero_padding_1');
      expect(pad.getClassName()).toBe('ZeroPadding2D');
      expect(pad.getConfig().padding).toEqual([
        [0, 1],
        [2, 0],
      ]);
      expect(pad.outputShape).toEqual([null, 13, 14, 3]);
      expect(model.getLayer('zero_padding_3').outputShape).toEqual([null, 5, 4, 8]);
      expect(model.outputs[0].shape).toEqual([null, 5]);
      const y = model.getLayer('zero_padding_1').apply(tf.ones([1, 2, 2, 3])) as tf.Tensor;
      // rows: 2 + 0 + 1, columns: 2 + 2 + 0; the ones sit at rows 0–1, columns 2–3
      expect(y.shape).toEqual([1, 3, 4, 3]);
      expect(Array.from(y.sum(-1).dataSync())).toEqual([0, 0, 3, 3, 0, 0, 3, 3, 0, 0, 0, 0]);
      y.dispose();
    } finally {
      model.dispose();
    }
  });

  it('loads through stock tf.models.modelFromJSON into the same topology', async () => {
    const d = dilatedNet();
    const json = designToKerasModelConfig(d);
    const viaStock = await tf.models.modelFromJSON(JSON.parse(JSON.stringify(json)));
    const ours = compileDesign(d);
    expect(viaStock.toJSON(null, false)).toEqual(ours.toJSON(null, false));
    expect(viaStock.countParams()).toBe(analyzeDesign(d).totals.params);
    viaStock.dispose();
    ours.dispose();
  });

  it('saves and loads back (tf.io.withSaveHandler → tf.loadLayersModel(fromMemory)) with identical predictions', async () => {
    const d = dilatedNet();
    const model = compileDesign(d);
    let saved: tf.io.ModelArtifacts | null = null;
    const result = await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    expect(result.modelArtifactsInfo.modelTopologyType).toBe('JSON');
    const art = saved as unknown as tf.io.ModelArtifacts;
    const topology = art.modelTopology as { class_name: string; config: { layers: { class_name: string; config: object }[] } };
    expect(topology.class_name).toBe('Model');
    const sep = topology.config.layers.find((l) => l.class_name === 'SeparableConv2D')!;
    expect(sep.config).toMatchObject({ depth_multiplier: 2, dilation_rate: [2, 3] });
    const dw = topology.config.layers.find((l) => l.class_name === 'DepthwiseConv2D')!;
    expect(dw.config).toMatchObject({ depth_multiplier: 2, dilation_rate: [2, 2], padding: 'valid' });
    expect(topology.config.layers.map((l) => l.class_name)).toEqual(designToKerasModel(d).model.config.layers.map((l) => l.class_name));
    expect(art.weightSpecs!.length).toBe(model.weights.length);
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(art));
    const x = tf.randomUniform([3, 12, 11, 1], 0, 1, 'float32', 7);
    const p1 = await (model.predict(x) as tf.Tensor).data();
    const p2 = await (loaded.predict(x) as tf.Tensor).data();
    expect(p1.length).toBe(9);
    expect(Array.from(p2)).toEqual(Array.from(p1));
    model.dispose();
    loaded.dispose();
  });

  it('a compiled model with dilated receptive-field and separable convs trains (loss falls over 20 steps)', async () => {
    const d = design([
      ['input', { height: 10, width: 10, channels: 1 }, []],
      ['receptive-field-conv', { filters: 4, dilation: [2, 2], batchNorm: true, useBias: false }, ['input_1']],
      ['separable-conv', { filters: 4, dilation: [2, 2], activation: 'linear' }, ['receptive_field_conv_1']],
      ['encoding', { mode: 'global-avg' }, ['separable_conv_1']],
      ['output', { units: 2 }, ['encoding_1']],
    ]);
    const model = compileDesign(d);
    const n = 12;
    const xs = tf.tidy(() => {
      const bright = tf.pad(tf.ones([1, 4, 4, 1]), [
        [0, 0],
        [3, 3],
        [3, 3],
        [0, 0],
      ]);
      const imgs = Array.from({ length: n }, (_, i) => (i % 2 ? bright : tf.sub(1, bright)));
      return tf.add(tf.concat(imgs), tf.randomUniform([n, 10, 10, 1], 0, 0.1, 'float32', 3));
    });
    const ys = tf.oneHot(
      tf.tensor1d(
        Array.from({ length: n }, (_, i) => i % 2),
        'int32',
      ),
      2,
    );
    model.compile({ optimizer: tf.train.adam(0.03), loss: 'categoricalCrossentropy' });
    const tensors: number[] = [];
    const h = await model.fit(xs, ys, {
      epochs: 20,
      batchSize: n,
      shuffle: false,
      verbose: 0,
      callbacks: { onEpochEnd: async () => void tensors.push(tf.memory().numTensors) },
    });
    const loss = h.history.loss as number[];
    if (process.env.SORA_VERBOSE) console.log('compiled model loss', loss[0], loss[19]);
    expect(loss).toHaveLength(20);
    expect(tensors[19]).toBe(tensors[2]); // the replacement gradients leak no tensors
    expect(loss[19]).toBeLessThan(loss[0] * 0.7);
    model.dispose();
  });

  it('refuses an invalid design with the first analysis error', () => {
    const d = design([
      ['input', { height: 8, width: 8, channels: 1 }, []],
      ['separable-conv', { strides: [2, 2], dilation: [2, 2] }, ['input_1']],
      ['flatten', {}, ['separable_conv_1']],
      ['output', { units: 2 }, ['flatten_1']],
    ]);
    const first = analyzeDesign(d).issues.find((i) => i.severity === 'error')!;
    expect(first.message).toMatch(/separable_conv_1/);
    expect(() => compileDesign(d)).toThrow(`Cannot export design 'small net': ${first.message}`);
  });
});
