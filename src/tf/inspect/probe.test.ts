import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeDesign } from '../../core/graph/analyze';
import { defaultFieldBlock, lastSpatialBlock, spatialBlocks } from '../../core/inspect/spatial-blocks';
import { getTemplate } from '../../core/templates/index';
import { compileDesign } from '../compile';
import { probeTransfers, runProbe } from './probe';

const fast = () => getTemplate('sora-fast-mnist')!.build();

describe('runProbe on Sora fast (MNIST)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('image: every spatial block with ≤16 channels, probabilities summing to 1, Grad-CAM of the predicted class on the last spatial block', async () => {
    const d = fast();
    const a = analyzeDesign(d);
    const pixels = Float32Array.from({ length: 28 * 28 }, (_, i) => (i % 28 > 8 && i % 28 < 20 ? 1 : 0));
    const r = await runProbe({ kind: 'image', model: { design: d }, pixels }, null);
    if (r.kind !== 'image') throw new Error('wrong kind');
    expect(r.blocks.map((b) => b.blockId)).toEqual(spatialBlocks(a).map((b) => b.blockId));
    for (const b of r.blocks) {
      expect(b.maps.length).toBe(Math.min(16, b.shape[2]));
      expect(b.means).toEqual([...b.means].sort((x, y) => y - x));
    }
    expect(r.probabilities.length).toBe(10);
    expect(r.probabilities.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 5);
    const predicted = r.probabilities.indexOf(Math.max(...r.probabilities));
    expect(r.gradCam!.classIndex).toBe(predicted);
    expect(r.gradCam!.blockId).toBe(lastSpatialBlock(a)!.blockId);
    expect(r.weights).toEqual({ trained: false, fresh: 0 });
    expect(probeTransfers(r).length).toBe(r.blocks.reduce((n, b) => n + b.maps.length, 0) + 1);
  });

  it('field: the receptive-field block by default; trained weights are loaded (and counted) when given', async () => {
    const d = fast();
    const block = defaultFieldBlock(analyzeDesign(d))!;
    expect(block.kind).toBe('receptive-field-conv');
    const source = compileDesign(d);
    const saved = await source.getWeights();
    const specs = source.weights.map((w, i) => ({ name: w.originalName, shape: saved[i].shape, dtype: 'float32' }));
    const flat = new Float32Array(saved.reduce((n, t) => n + t.size, 0));
    let at = 0;
    for (const t of saved) {
      flat.set(t.dataSync(), at);
      at += t.size;
    }
    const images = { data: new Float32Array(2 * 28 * 28).fill(0.5), count: 2, source: 'test' };
    const r = await runProbe(
      { kind: 'field', model: { design: d, weights: { weightSpecs: specs, weightData: flat.buffer } }, blockId: block.blockId, sampleCount: 32 },
      images,
    );
    if (r.kind !== 'field') throw new Error('wrong kind');
    expect(r.weights).toEqual({ trained: true, fresh: 0 });
    expect(r.field.images).toBe(2);
    expect(r.field.theoretical.height).toBe(block.receptiveField!.size[0]);
    expect(r.field.map.some((v) => v > 0)).toBe(true);
    await expect(runProbe({ kind: 'field', model: { design: d }, blockId: 'nope', sampleCount: 1 }, images)).rejects.toThrow(/not in the design/);
    source.dispose();
  });
});
