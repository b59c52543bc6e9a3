import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeDesign } from '../../core/graph/analyze';
import type { BlockKind, BlockParams } from '../../core/graph/types';
import { spatialBlocks } from '../../core/inspect/spatial-blocks';
import { designToKerasModel } from '../../core/keras/topology-writer';
import { TEMPLATES } from '../../core/templates';
import { compileDesign } from '../compile';
import { designFromRows, type DesignRow } from '../../test-support/designs';
import { effectiveReceptiveField } from './effective-rf';
import { gradCam, imageActivations } from './feature-maps';
import { layerFields } from './field-geometry';
import { zeroPaddingDesign } from '../../core/export/__tests__/zero-padding-design';

const design = (rows: DesignRow[]) => designFromRows('probe net', rows);

const linear = { filters: 1, kernelSize: [3, 3], activation: 'linear', useBias: false, batchNorm: false } as const;

/** A linear conv stack on a 9×9×1 input with every weight 1; returns the model and the last conv's layer name. */
function onesStack(convs: Partial<BlockParams>[]): { model: tf.LayersModel; layer: string } {
  const rows: [BlockKind, Partial<BlockParams>, string[]][] = [['input', { height: 9, width: 9, channels: 1 }, []]];
  convs.forEach((p, i) => rows.push(['conv', { ...linear, ...p }, [i === 0 ? 'input_1' : `conv_${i}`]]));
  rows.push(['global-pool', {}, [`conv_${convs.length}`]], ['output', { units: 2 }, ['global_pool_1']]);
  const d = design(rows);
  const model = compileDesign(d);
  for (const v of model.weights) v.write(tf.onesLike(v.read()));
  const lastConv = d.blocks.find((b) => b.name === `conv_${convs.length}`)!;
  const layers = designToKerasModel(d).blockLayers[lastConv.id];
  return { model, layer: layers[layers.length - 1] };
}

const grid = (map: Float32Array, w: number) => Array.from({ length: map.length / w }, (_, y) => Array.from(map.subarray(y * w, y * w + w)));
const randomImages = (n: number, size: number) => Float32Array.from({ length: n * size }, (_, i) => ((i * 7919) % 1000) / 1000);

describe('effective receptive field (pinned analytic cases)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('one 3×3 conv with dilation 2: exactly 9 non-zero input pixels, every other one of a 5×5 square around the centre', async () => {
    const { model, layer } = onesStack([{ dilation: [2, 2] }]);
    const erf = await effectiveReceptiveField(model, layer, randomImages(3, 81), 3);
    expect(erf.centre).toEqual([4, 4]);
    const expected = grid(new Float32Array(81), 9);
    for (const y of [2, 4, 6]) for (const x of [2, 4, 6]) expected[y][x] = 1;
    expect(grid(erf.map, 9)).toEqual(expected);
    expect(erf.map.filter((v) => v !== 0).length).toBe(9);
    expect(erf.theoretical).toEqual({ top: 2, left: 2, height: 5, width: 5 });
    expect(erf.support).toEqual({ top: 2, left: 2, height: 5, width: 5 });
  });

  it('two stacked 3×3 convs: the 5×5 triangle pattern, outer product of (1, 2, 3, 2, 1)', async () => {
    const { model, layer } = onesStack([{}, {}]);
    const erf = await effectiveReceptiveField(model, layer, randomImages(2, 81), 2);
    const tri = [1, 2, 3, 2, 1];
    const expected = grid(new Float32Array(81), 9);
    for (let y = 0; y < 5; y++) for (let x = 0; x < 5; x++) expected[y + 2][x + 2] = tri[y] * tri[x];
    expect(grid(erf.map, 9)).toEqual(expected);
    expect(erf.theoretical).toEqual({ top: 2, left: 2, height: 5, width: 5 });
  });

  it('a stride-2 conv then a 3×3 conv: the field is 7×7 with jump 2 and the map stays inside it', async () => {
    const { model, layer } = onesStack([{ strides: [2, 2] }, {}]);
    const f = layerFields(model).get(layer)!;
    expect(f.size).toEqual([7, 7]);
    expect(f.jump).toEqual([2, 2]);
    const erf = await effectiveReceptiveField(model, layer, randomImages(1, 81), 1);
    expect(erf.support).not.toBeNull();
    expect(erf.support!.top).toBeGreaterThanOrEqual(erf.theoretical.top);
    expect(erf.support!.top + erf.support!.height).toBeLessThanOrEqual(erf.theoretical.top + erf.theoretical.height);
  });

  it('Zero Padding moves where the next fields start (top/left pads) without widening them', () => {
    const model = compileDesign(zeroPaddingDesign());
    try {
      const fields = layerFields(model);
      // pads top 0, left 2, then a 3×3 stride-2 valid conv: unit (0, 0) is centred on image row 1, column −1.
      expect(fields.get('zero_padding_1')).toEqual({ size: [1, 1], jump: [1, 1], start: [0, -2] });
      expect(fields.get('conv_1')).toEqual({ size: [3, 3], jump: [2, 2], start: [1, -1] });
      // pads 1 all round at jump 2, then a 3×3 stride-2 valid max pool.
      expect(fields.get('max_pool_1')).toEqual({ size: [7, 7], jump: [4, 4], start: [1, -1] });
    } finally {
      model.dispose();
    }
  });

  for (const t of TEMPLATES) {
    it(`template '${t.id}' with random weights: every spatial block's field matches the core's size and holds the map's support`, async () => {
      const d = t.build();
      const a = analyzeDesign(d);
      const model = compileDesign(d);
      const { blockLayers } = designToKerasModel(d);
      const fields = layerFields(model);
      const [h, w, c] = model.inputs[0].shape.slice(1) as number[];
      const images = Float32Array.from({ length: 2 * h * w * c }, () => Math.random());
      let checked = 0;
      for (const b of spatialBlocks(a)) {
        const layer = blockLayers[b.blockId][blockLayers[b.blockId].length - 1];
        expect(fields.get(layer)!.size, b.name).toEqual(b.receptiveField!.size);
        expect(fields.get(layer)!.jump, b.name).toEqual(b.receptiveField!.jump);
        // On a 224×224 input the gradient is checked on the first block and one image only (CPU time).
        const big = h * w > 64 * 64;
        if (big && spatialBlocks(a).indexOf(b) > 0) continue;
        const erf = await effectiveReceptiveField(model, layer, images, big ? 1 : 2);
        const s = erf.support;
        expect(s, b.name).not.toBeNull();
        const box = erf.theoretical;
        expect(s!.top, b.name).toBeGreaterThanOrEqual(Math.floor(box.top));
        expect(s!.left, b.name).toBeGreaterThanOrEqual(Math.floor(box.left));
        expect(s!.top + s!.height, b.name).toBeLessThanOrEqual(Math.ceil(box.top + box.height));
        expect(s!.left + s!.width, b.name).toBeLessThanOrEqual(Math.ceil(box.left + box.width));
        checked++;
      }
      expect(checked).toBeGreaterThan(0);
      model.dispose();
    });
  }
});

describe('feature maps and Grad-CAM', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  /**
   * Hand-built: input 8×8×2 → 1×1 conv copying each input channel (A, the Grad-CAM layer) → global average
   * pool → softmax dense with identity weights. Class 0's score is channel 0's mean, class 1's channel 1's.
   */
  function tinyNet(): { model: tf.LayersModel; layer: string } {
    const input = tf.input({ shape: [8, 8, 2] });
    const conv = tf.layers.conv2d({ filters: 2, kernelSize: 1, useBias: false, name: 'features', kernelInitializer: 'zeros' });
    const pooled = tf.layers.globalAveragePooling2d({}).apply(conv.apply(input)) as tf.SymbolicTensor;
    const dense = tf.layers.dense({ units: 2, activation: 'softmax', name: 'classes', kernelInitializer: 'zeros' });
    const model = tf.model({ inputs: input, outputs: dense.apply(pooled) as tf.SymbolicTensor });
    conv.setWeights([tf.tensor4d([1, 0, 0, 1], [1, 1, 2, 2])]);
    dense.setWeights([tf.tensor2d([1, 0, 0, 1], [2, 2]), tf.tensor1d([0, 0])]);
    return { model, layer: 'features' };
  }
  /** Channel 0 lit on the left half (columns 0–3), channel 1 on the right half. */
  function halves(): Float32Array {
    const px = new Float32Array(8 * 8 * 2);
    for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) px[(y * 8 + x) * 2 + (x < 4 ? 0 : 1)] = 1;
    return px;
  }

  it('Grad-CAM of class 0 lights exactly the left half, class 1 the right half', () => {
    const { model, layer } = tinyNet();
    const cam0 = gradCam(model, layer, halves(), 0);
    const cam1 = gradCam(model, layer, halves(), 1);
    expect([cam0.height, cam0.width]).toEqual([8, 8]);
    for (let y = 0; y < 8; y++) {
      for (let x = 0; x < 8; x++) {
        expect(cam0.map[y * 8 + x]).toBeCloseTo(x < 4 ? 1 : 0, 6);
        expect(cam1.map[y * 8 + x]).toBeCloseTo(x < 4 ? 0 : 1, 6);
      }
    }
    // α_0 = ∂logit_0/∂A_0 averaged = 1/64, so the un-normalised peak is 1/64 · 1.
    expect(cam0.peak).toBeCloseTo(1 / 64, 6);
    expect(() => gradCam(model, layer, halves(), 2)).toThrow(/outside 0–1/);
  });

  it('feature maps: channels sorted by mean activation, maps copied per channel, probabilities sum to 1', () => {
    const { model, layer } = tinyNet();
    const px = halves();
    for (let i = 0; i < 8 * 8; i++) px[i * 2 + 1] *= 3; // channel 1 (right half) is 3× brighter
    const r = imageActivations(model, [layer], px, 16);
    const b = r.blocks[0]!;
    expect(b.shape).toEqual([8, 8, 2]);
    expect(b.channels).toEqual([1, 0]);
    expect(b.means[0]).toBeCloseTo(1.5, 6);
    expect(b.means[1]).toBeCloseTo(0.5, 6);
    expect(b.maps[0][7]).toBe(3);
    expect(b.maps[0][0]).toBe(0);
    expect(r.probabilities.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 6);
    expect(r.probabilities[1]).toBeCloseTo(Math.exp(1.5) / (Math.exp(1.5) + Math.exp(0.5)), 5);
    expect(() => imageActivations(model, [layer], new Float32Array(5))).toThrow(/8×8×2/);
  });
});
