import { describe, expect, it } from 'vitest';
import { zeroPaddingDesign } from '../export/__tests__/zero-padding-design';
import { analyzeDesign } from '../graph/analyze';
import type { Design } from '../graph/types';
import { designToKerasModelConfig } from '../keras/topology-writer';
import { importKerasModel } from '../keras/import/import-keras-model';
import { resolveParams } from './params';
import { runBlock } from '../../test-support/run-block';

describe('zero-padding (Keras ZeroPadding2D)', () => {
  it('adds top+bottom rows and left+right columns; no params, MACs or FLOPs; the field passes through', () => {
    const field = { size: [5, 5] as const, jump: [2, 2] as const };
    const r = runBlock('zero-padding', { top: 0, bottom: 1, left: 2, right: 0 }, [[12, 11, 3]], [field]);
    expect(r.shape).toEqual([13, 13, 3]);
    expect(r.cost).toEqual({ params: 0, trainableParams: 0, nonTrainableParams: 0, macs: 0, flops: 0 });
    expect(r.rf).toEqual(field);
  });

  it('defaults to one pixel on every side; refuses vectors and negative pads', () => {
    expect(runBlock('zero-padding', {}, [[4, 4, 2]]).shape).toEqual([6, 6, 2]);
    expect(runBlock('zero-padding', {}, [[16]]).code).toBe('vector-to-conv');
    expect(resolveParams('zero-padding', { top: -1 }).errors.length).toBeGreaterThan(0);
  });
});

describe('zero-padding through the Keras topology', () => {
  it('exports as ZeroPadding2D ((top, bottom), (left, right)) and imports back to the same blocks and params', () => {
    const d = zeroPaddingDesign();
    const json = designToKerasModelConfig(d);
    const pads = json.config.layers.filter((l) => l.class_name === 'ZeroPadding2D').map((l) => l.config.padding);
    expect(pads).toEqual([
      [
        [0, 1],
        [2, 0],
      ],
      [
        [1, 1],
        [1, 1],
      ],
      [
        [2, 0],
        [0, 1],
      ],
    ]);
    const back = importKerasModel(json);
    if (!back.ok) throw new Error(back.error);
    const zp = (x: Design) => x.blocks.filter((b) => b.kind === 'zero-padding').map((b) => b.params);
    expect(zp(back.design)).toEqual(zp(d));
    expect(analyzeDesign(back.design).totals).toEqual(analyzeDesign(d).totals);
  });

  it('imports the Keras shorthands n and (h, w) and refuses negative pads', () => {
    const layer = (padding: unknown) => ({
      class_name: 'Sequential',
      config: {
        name: 's',
        layers: [
          { class_name: 'InputLayer', config: { name: 'in', batch_input_shape: [null, 4, 4, 1] } },
          { class_name: 'ZeroPadding2D', config: { name: 'zp', padding } },
          { class_name: 'Flatten', config: { name: 'f' } },
          { class_name: 'Dense', config: { name: 'd', units: 2 } },
        ],
      },
    });
    const params = (padding: unknown) => {
      const r = importKerasModel(layer(padding));
      if (!r.ok) return r.error;
      return r.design.blocks.find((b) => b.kind === 'zero-padding')?.params;
    };
    expect(params(2)).toEqual({ top: 2, bottom: 2, left: 2, right: 2 });
    expect(params([1, 3])).toEqual({ top: 1, bottom: 1, left: 3, right: 3 });
    expect(
      params([
        [-1, 0],
        [0, 0],
      ]),
    ).toMatch(/layer 'zp'.*"padding" must be n, \[h, w\] or \[\[top, bottom\], \[left, right\]\] of non-negative integers/);
  });
});
