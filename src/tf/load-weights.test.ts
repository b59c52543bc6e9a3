import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Design } from '../core/graph/types';
import { compileDesign } from './compile';
import { loadNamedWeights } from './load-weights';

/** input [1, 1, 2] → flatten → output(3): variables output/kernel [2, 3] and output/bias [3]. */
const design = (): Design => ({
  name: 'tiny',
  blocks: [
    { id: 'in', kind: 'input', name: 'input', params: { height: 1, width: 1, channels: 2 }, position: { x: 0, y: 0 } },
    { id: 'f', kind: 'flatten', name: 'flatten', params: {}, position: { x: 0, y: 100 } },
    { id: 'out', kind: 'output', name: 'output', params: { units: 3, activation: 'softmax', useBias: true }, position: { x: 0, y: 200 } },
  ],
  edges: [
    { id: 'e1', source: 'in', target: 'f', targetIndex: 0 },
    { id: 'e2', source: 'f', target: 'out', targetIndex: 0 },
  ],
});

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('loadNamedWeights', () => {
  it('writes weights of matching name and shape; the others stay as compiled and are listed', () => {
    const model = compileDesign(design(), { zeroInit: true });
    const kernel = [1, 2, 3, 4, 5, 6];
    const r = loadNamedWeights(model, {
      weightSpecs: [
        { name: 'output/kernel', shape: [2, 3], dtype: 'float32' },
        { name: 'output/bias', shape: [4], dtype: 'float32' }, // wrong shape: the design changed
      ],
      weightData: new Float32Array([...kernel, 9, 9, 9, 9]).buffer,
    });
    expect(r).toEqual({ loaded: 1, fresh: ['output/bias'] });
    expect([...(model.getWeights()[0].dataSync() as Float32Array)]).toEqual(kernel);
    expect([...(model.getWeights()[1].dataSync() as Float32Array)]).toEqual([0, 0, 0]);
    model.dispose();
  });

  it('refuses a blob whose data is shorter than its specs', () => {
    const model = compileDesign(design(), { zeroInit: true });
    expect(() =>
      loadNamedWeights(model, { weightSpecs: [{ name: 'output/kernel', shape: [2, 3], dtype: 'float32' }], weightData: new ArrayBuffer(8) }),
    ).toThrow("the weights data ends before weight 'output/kernel'");
    model.dispose();
  });
});
