import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerSoraGradients } from '../tf-setup';
import type { RefActivation } from './conv-reference';
import { type GradCase, caseSize, checkGradients } from './grad-check';

/** The gradient test grid (kernel sizes × dilations × paddings, cycling fused/bias/activation variants). */
const KERNELS = [1, 2, 3, 5];
const DILATIONS: [number, number][] = [
  [2, 2],
  [3, 3],
  [2, 3],
];
const PADDINGS = ['same', 'valid'] as const;
/** (fused kernel, bias, activation) variants cycled over the grid. */
const VARIANTS: { fused: boolean; bias: boolean; activation: RefActivation }[] = [
  { fused: false, bias: false, activation: 'linear' },
  { fused: true, bias: true, activation: 'linear' },
  { fused: false, bias: true, activation: 'relu' },
  { fused: true, bias: true, activation: 'relu' },
  { fused: true, bias: false, activation: 'elu' },
  { fused: true, bias: true, activation: 'sigmoid' },
];

function cases(depthwise: boolean): GradCase[] {
  const out: GradCase[] = [];
  let i = 0;
  for (const k of KERNELS)
    for (const d of DILATIONS)
      for (const padding of PADDINGS) {
        const v = VARIANTS[i % VARIANTS.length];
        const kernel: [number, number] = [k, k];
        out.push({
          depthwise,
          ...v,
          kernel,
          dilation: d,
          padding,
          size: caseSize(kernel, d, padding),
          batch: 2,
          channels: 2,
          last: depthwise ? 1 + (i % 2) : 3,
          seed: 100 + i * 7,
        });
        i++;
      }
  return out;
}

export function describeGradGrid(depthwise: boolean): void {
  const label = depthwise ? 'DepthwiseConv2dNative / FusedDepthwiseConv2D' : 'Conv2D / FusedConv2D';
  describe(`${label} gradients with dilation > 1`, () => {
    beforeAll(async () => {
      await tf.setBackend('cpu');
      registerSoraGradients();
    });
    for (const c of cases(depthwise)) {
      const name =
        `k${c.kernel[0]} d${c.dilation.join('x')} ${c.padding} ${c.size.join('x')} ` +
        `${depthwise ? `dm${c.last}` : `f${c.last}`} ${c.fused ? 'fused' : 'plain'} bias=${c.bias} ${c.activation}`;
      it(name, async () => {
        const r = await checkGradients(c);
        for (const [input, err] of Object.entries(r.fd)) expect(err, `${input} vs finite differences`).toBeLessThan(1e-3);
        for (const [input, err] of Object.entries(r.expanded)) expect(err, `${input} vs expanded kernel`).toBeLessThan(1e-5);
        expect(Object.keys(r.fd)).toEqual(c.bias ? ['x', 'filter', 'bias'] : ['x', 'filter']);
      });
    }
  });
}
