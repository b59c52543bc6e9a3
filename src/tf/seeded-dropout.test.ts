import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATES } from '../core/templates';
import { compileDesign, kerasJsonToModel } from './compile';
import { dropoutRunSeed, dropoutSeed, seedDropout } from './seeded-dropout';

const design = TEMPLATES.find((t) => t.id === 'sora-lite-mnist')!.build();

function dropoutOf(model: tf.LayersModel): tf.layers.Layer {
  const layer = model.layers.find((l) => l.getClassName() === 'Dropout');
  if (!layer) throw new Error('no Dropout layer');
  return layer;
}

/** One call of the model's dropout layer on `x` (all ones, so the output is the scaled keep mask). */
function mask(layer: tf.layers.Layer, x: tf.Tensor, training: boolean): number[] {
  return tf.tidy(() => Array.from((layer.apply(x, { training }) as tf.Tensor).dataSync()));
}

describe('seeded dropout', () => {
  let x: tf.Tensor;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    const units = dropoutOf(compileDesign(design)).getConfig();
    expect(units.rate).toBe(0.25);
    x = tf.ones([16, 64]);
  });

  it('draws a new mask every training call, the same sequence for two models compiled with the same seed', () => {
    const a = dropoutOf(compileDesign(design, { seed: 7 }));
    const b = dropoutOf(compileDesign(design, { seed: 7 }));
    const a1 = mask(a, x, true);
    const a2 = mask(a, x, true);
    const b1 = mask(b, x, true);
    const b2 = mask(b, x, true);
    // Rate 0.25: about a quarter of the units dropped, the others scaled by 1 / 0.75.
    const dropped = a1.filter((v) => v === 0).length / a1.length;
    expect(dropped).toBeGreaterThan(0.15);
    expect(dropped).toBeLessThan(0.35);
    expect(a1.every((v) => v === 0 || Math.abs(v - 1 / 0.75) < 1e-6)).toBe(true);
    expect(a2).not.toEqual(a1);
    expect(b1).toEqual(a1);
    expect(b2).toEqual(a2);
  });

  it('another seed or another replica draws other masks', () => {
    const a1 = mask(dropoutOf(compileDesign(design, { seed: 7 })), x, true);
    expect(mask(dropoutOf(compileDesign(design, { seed: 8 })), x, true)).not.toEqual(a1);
    expect(mask(dropoutOf(compileDesign(design, { seed: 7, replica: 1 })), x, true)).not.toEqual(a1);
    const topology = JSON.stringify(compileDesign(design, { seed: 7 }).toJSON(null, false));
    const replicaA = kerasJsonToModel(JSON.parse(topology), { zeroInit: true, seed: 7, replica: 2 });
    const replicaB = kerasJsonToModel(JSON.parse(topology), { zeroInit: true, seed: 7, replica: 2 });
    expect(mask(dropoutOf(replicaB), x, true)).toEqual(mask(dropoutOf(replicaA), x, true));
    expect(dropoutSeed(7, 0, 0, 0)).not.toBe(dropoutSeed(7, 0, 0, 1));
    expect(dropoutSeed(7, 0, 0, 0)).not.toBe(dropoutSeed(7, 1, 0, 0));
  });

  it('inference passes the input through and draws nothing; the topology keeps its null seed', () => {
    const seeded = compileDesign(design, { seed: 7 });
    const fresh = dropoutOf(compileDesign(design, { seed: 7 }));
    const layer = dropoutOf(seeded);
    const input = tf.randomUniform([4, 64], 0, 1, 'float32', 3);
    expect(mask(layer, input, false)).toEqual(Array.from(input.dataSync()));
    expect(mask(layer, x, false)).toEqual(new Array(16 * 64).fill(1));
    // The inference calls did not advance the mask sequence.
    expect(mask(layer, x, true)).toEqual(mask(fresh, x, true));
    expect(layer.getConfig().seed).toBeNull();
    expect(JSON.stringify(seeded.toJSON(null, false))).toBe(JSON.stringify(compileDesign(design, { seed: 7 }).toJSON(null, false)));
    expect(dropoutRunSeed(seeded)).toBe(7);
    input.dispose();
  });

  it('without a seed nothing is seeded: two models draw different masks', () => {
    const model = compileDesign(design);
    expect(dropoutRunSeed(model)).toBeUndefined();
    expect(mask(dropoutOf(compileDesign(design)), x, true)).not.toEqual(mask(dropoutOf(model), x, true));
  });

  it('seeds dropout layers of any model, nested ones included', () => {
    const inner = tf.sequential({ layers: [tf.layers.dropout({ inputShape: [8], rate: 0.5 })] });
    const outer = tf.sequential({ layers: [inner, tf.layers.dropout({ rate: 0.5 })] });
    expect(seedDropout(outer, 1)).toBe(2);
    const twin = tf.sequential({
      layers: [tf.sequential({ layers: [tf.layers.dropout({ inputShape: [8], rate: 0.5 })] }), tf.layers.dropout({ rate: 0.5 })],
    });
    seedDropout(twin, 1);
    const ones = tf.ones([32, 8]);
    const run = (m: tf.LayersModel) => tf.tidy(() => Array.from((m.apply(ones, { training: true }) as tf.Tensor).dataSync()));
    const first = run(outer);
    expect(run(twin)).toEqual(first);
    expect(run(outer)).not.toEqual(first);
    ones.dispose();
  });
});
