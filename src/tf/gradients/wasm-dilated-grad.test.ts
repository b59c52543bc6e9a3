import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerSoraGradients } from '../tf-setup';
import { relError, seededValues } from './conv-reference';

/**
 * The replacement gradients use only forward kernels, so dilated gradients already run on the
 * wasm backend (which lacks Conv2DBackpropFilter and DepthwiseConv2dNativeBackprop{Filter,Input}).
 */
type Op = 'conv' | 'depthwise' | 'separable';

function t4(shape: [number, number, number, number], seed: number): tf.Tensor4D {
  return tf.tensor4d(
    Float32Array.from(
      seededValues(
        shape.reduce((a, b) => a * b, 1),
        seed,
      ),
    ),
    shape,
  );
}

async function grads(backend: string, op: Op): Promise<Float32Array[]> {
  expect(await tf.setBackend(backend)).toBe(true);
  return tf.tidy(() => {
    const x = t4([2, 9, 8, 3], 1);
    const w = t4(op === 'conv' ? [3, 2, 3, 4] : [3, 2, 3, 2], 2);
    const p = t4([1, 1, 6, 4], 3);
    const f = (a: tf.Tensor, b: tf.Tensor) => {
      const xa = a as tf.Tensor4D;
      const wb = b as tf.Tensor4D;
      const y =
        op === 'conv'
          ? tf.conv2d(xa, wb, 1, 'valid', 'NHWC', [2, 3])
          : op === 'depthwise'
            ? tf.depthwiseConv2d(xa, wb, 1, 'same', 'NHWC', [2, 3])
            : tf.separableConv2d(xa, wb, p, 1, 'same', [3, 2]);
      return tf.sum(tf.square(y));
    };
    return tf
      .grads(f)([x, w])
      .map((g) => g.dataSync() as Float32Array);
  });
}

describe('dilated gradients on the wasm backend', () => {
  beforeAll(() => {
    registerSoraGradients();
  });
  for (const op of ['conv', 'depthwise', 'separable'] as const) {
    it(`${op}: wasm gradients equal cpu gradients`, async () => {
      const cpu = await grads('cpu', op);
      const wasm = await grads('wasm', op);
      expect(wasm.map((g) => g.length)).toEqual(cpu.map((g) => g.length));
      expect(cpu[0].length).toBe(2 * 9 * 8 * 3);
      expect(relError(wasm[0], cpu[0])).toBeLessThan(1e-5);
      expect(relError(wasm[1], cpu[1])).toBeLessThan(1e-5);
    });
  }
});
