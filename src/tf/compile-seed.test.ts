import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATES } from '../core/templates';
import { designToKerasModelConfig } from '../core/keras/topology-writer';
import { compileDesign, seedInitializers } from './compile';

const weightsOf = (m: tf.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));

describe('compileDesign with a seed', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  const design = TEMPLATES.find((t) => t.id === 'sora-lite-mnist')!.build();

  it('gives identical initial weights for the same seed and different ones for another seed', () => {
    const a = weightsOf(compileDesign(design, { seed: 42 }));
    const b = weightsOf(compileDesign(design, { seed: 42 }));
    const c = weightsOf(compileDesign(design, { seed: 43 }));
    expect(a.length).toBeGreaterThan(4);
    expect(b).toEqual(a);
    expect(c[0]).not.toEqual(a[0]);
    // Glorot-initialised kernels are not all zero; two kernels of the model never share a seed.
    const kernels = a.filter((w) => w.some((x) => x !== 0));
    expect(kernels.length).toBeGreaterThan(2);
    expect(kernels[1].slice(0, 8)).not.toEqual(kernels[0].slice(0, 8));
  });

  it('without a seed two compiles differ (tfjs draws from Math.random)', () => {
    expect(weightsOf(compileDesign(design))[0]).not.toEqual(weightsOf(compileDesign(design))[0]);
  });

  it('seeds every initializer that has a seed field, each differently, and nothing else', () => {
    const json = seedInitializers(designToKerasModelConfig(design), 7);
    const seeds: number[] = [];
    JSON.stringify(json, (k, v: unknown) => {
      if (k.endsWith('_initializer') && v && typeof v === 'object') {
        const cfg = (v as { config: Record<string, unknown> }).config;
        if ('seed' in cfg) seeds.push(cfg.seed as number);
      }
      return v;
    });
    expect(seeds.length).toBeGreaterThan(3);
    expect(seeds.every((s) => Number.isInteger(s))).toBe(true);
    expect(new Set(seeds).size).toBe(seeds.length);
  });
});
