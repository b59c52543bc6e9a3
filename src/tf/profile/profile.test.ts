import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { designToKerasModel } from '../../core/keras/topology-writer';
import { getTemplate } from '../../core/templates/index';
import { attributeToBlocks, median } from './attribute';
import { profileDesign } from './profile-design';

const design = (id: string) => {
  const t = getTemplate(id);
  if (!t) throw new Error(`no template ${id}`);
  return t.build();
};

describe('attributeToBlocks', () => {
  it('sums each block’s layers, shares sum to 1, a block with no timed layer gets 0, unknown layers are ignored', () => {
    const d = design('sora-fast-mnist');
    const { blockLayers } = designToKerasModel(d);
    const times = new Map<string, number>();
    let i = 1;
    for (const [id, layers] of Object.entries(blockLayers)) {
      if (d.blocks.find((b) => b.id === id)?.kind === 'input') continue;
      for (const l of layers) times.set(l, i++);
    }
    times.set('not_a_layer', 1000);
    const rows = attributeToBlocks(d, blockLayers, times);
    expect(rows.map((r) => r.id).sort()).toEqual(Object.keys(blockLayers).sort());
    const total = [...times.values()].reduce((s, v) => s + v, 0) - 1000;
    for (const r of rows) expect(r.ms).toBe(blockLayers[r.id].reduce((s, l) => s + (times.get(l) ?? 0), 0));
    expect(rows.reduce((s, r) => s + r.ms, 0)).toBe(total);
    expect(rows.reduce((s, r) => s + r.share, 0)).toBeCloseTo(1, 10);
    const input = rows.find((r) => r.kind === 'input');
    expect(input).toMatchObject({ ms: 0, share: 0 });
  });

  it('gives zero shares (not NaN) when nothing was timed', () => {
    const d = design('sora-lite-mnist');
    const rows = attributeToBlocks(d, designToKerasModel(d).blockLayers, new Map());
    expect(rows.length).toBeGreaterThan(2);
    for (const r of rows) expect(r).toMatchObject({ ms: 0, share: 0 });
  });

  it('median: odd, even, unsorted', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBe(0);
  });
});

describe('profileDesign (cpu backend)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('times a model with merges: every block with layers appears, Input ≈ 0, shares sum to 1, whole-model time is its own measurement', async () => {
    const d = design('sora-residual');
    const { blockLayers } = designToKerasModel(d);
    const before = tf.memory().numTensors;
    const [p1, p4] = await profileDesign(d, [1, 4], { runs: 3, warmup: 1 });
    expect(tf.memory().numTensors).toBe(before);
    for (const [p, batch] of [
      [p1, 1],
      [p4, 4],
    ] as const) {
      expect(p).toMatchObject({ backend: 'cpu', threads: null, batch, runs: 3 });
      expect(p.wholeModelMs).toBeGreaterThan(0);
      expect(p.msPerImage).toBeCloseTo(p.wholeModelMs / batch, 10);
      expect(p.imagesPerSecond).toBeCloseTo((1000 * batch) / p.wholeModelMs, 6);
      expect(p.blocks.map((b) => b.id).sort()).toEqual(Object.keys(blockLayers).sort());
      expect(p.blocks.reduce((s, b) => s + b.share, 0)).toBeCloseTo(1, 6);
      expect(p.layersSumMs).toBeCloseTo(
        p.blocks.reduce((s, b) => s + b.ms, 0),
        10,
      );
      expect(p.blocks.find((b) => b.kind === 'input')?.ms).toBe(0);
      for (const b of p.blocks.filter((x) => x.kind === 'separable-conv' || x.kind === 'output')) expect(b.ms).toBeGreaterThan(0);
    }
  }, 60_000);

  it('refuses a batch or run count out of range before running anything', async () => {
    const d = design('sora-lite-mnist');
    await expect(profileDesign(d, [0])).rejects.toThrow(/Batch must be an integer 1–1024, got 0/);
    await expect(profileDesign(d, [1], { runs: 1.5 })).rejects.toThrow(/Runs must be an integer/);
  });
});
