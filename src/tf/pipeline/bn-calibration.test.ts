import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ImageDataset } from '../../data/types';
import { recalibrateBatchNorm } from './bn-calibration';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** 256 images of 2×2×1 whose pixels are i / 255, i = 0..255. */
function ramp(): ImageDataset {
  const images = new Float32Array(256 * 4);
  for (let i = 0; i < 256; i++) images.fill(i / 255, i * 4, i * 4 + 4);
  return { name: 'ramp', imageShape: [2, 2, 1], count: 256, images, labels: new Uint8Array(256), numClasses: 2 };
}

describe('batch-norm re-estimation', () => {
  it('replaces stale moving statistics by the data statistics and keeps the configured momentum', () => {
    const model = tf.sequential({
      layers: [tf.layers.batchNormalization({ inputShape: [2, 2, 1], momentum: 0.99 }), tf.layers.flatten(), tf.layers.dense({ units: 2 })],
    });
    const bn = model.layers[0];
    const data = ramp();
    recalibrateBatchNorm(model, data, 4, 64);
    const [, , movingMean, movingVar] = bn.getWeights();
    // 4 batches of 64 consecutive images cover 0..255 → mean 127.5/255, variance ≈ within-batch variance.
    expect(movingMean.dataSync()[0]).toBeCloseTo(127.5 / 255, 3);
    const withinBatch = (64 * 64 - 1) / 12 / (255 * 255);
    expect(movingVar.dataSync()[0]).toBeCloseTo(withinBatch, 2);
    expect((bn.getConfig() as { momentum: number }).momentum).toBe(0.99);
    model.dispose();
  });
});
