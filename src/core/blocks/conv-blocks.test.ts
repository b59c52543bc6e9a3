import { describe, expect, it } from 'vitest';
import { runBlock } from '../../test-support/run-block';

describe('separable-conv (Keras SeparableConv2D)', () => {
  it('same padding keeps ceil(in/stride); params and MACs by hand', () => {
    const r = runBlock('separable-conv', { filters: 64 }, [[28, 28, 32]]);
    expect(r.shape).toEqual([28, 28, 64]);
    // depthwise 3*3*32 = 288, pointwise 32*64 = 2048, bias 64
    expect(r.cost?.params).toBe(288 + 2048 + 64);
    expect(r.cost?.trainableParams).toBe(2400);
    // MACs: 28*28*9*32 + 28*28*32*64 = 225792 + 1605632
    expect(r.cost?.macs).toBe(1831424);
    // FLOPs: 2*MACs + bias (1/elt) + relu (1/elt) on 28*28*64 = 50176
    expect(r.cost?.flops).toBe(2 * 1831424 + 2 * 50176);
  });

  it('depth multiplier, batch norm, no bias, stride 2 on an odd size', () => {
    const r = runBlock('separable-conv', { filters: 16, depthMultiplier: 2, strides: [2, 2], useBias: false, batchNorm: true }, [[7, 7, 3]]);
    expect(r.shape).toEqual([4, 4, 16]); // ceil(7/2)
    // depthwise 9*3*2 = 54, pointwise 6*16 = 96, BN 4*16 = 64 (32 trainable, 32 not)
    expect(r.cost?.params).toBe(54 + 96 + 64);
    expect(r.cost?.trainableParams).toBe(54 + 96 + 32);
    expect(r.cost?.nonTrainableParams).toBe(32);
    expect(r.cost?.macs).toBe(4 * 4 * 9 * 6 + 4 * 4 * 6 * 16);
    // no bias; BN 2 per element + relu 1 per element on 4*4*16 = 256 outputs
    expect(r.cost?.flops).toBe(2 * (4 * 4 * 9 * 6 + 4 * 4 * 6 * 16) + 3 * 256);
  });

  it('valid padding with dilation and a non-square kernel', () => {
    const r = runBlock('separable-conv', { filters: 8, kernelSize: [3, 5], dilation: [2, 1], padding: 'valid' }, [[10, 9, 4]]);
    // effective kernel 5×5: 10-5+1 = 6, 9-5+1 = 5
    expect(r.shape).toEqual([6, 5, 8]);
    expect(r.cost?.params).toBe(15 * 4 + 4 * 8 + 8);
    expect(r.rf).toEqual({ size: [5, 5], jump: [1, 1] });
  });

  it('refuses a kernel larger than a valid-padded input and a vector input', () => {
    const big = runBlock('separable-conv', { kernelSize: [5, 5], padding: 'valid' }, [[4, 4, 3]]);
    expect(big.shape).toBeNull();
    expect(big.code).toBe('kernel-too-large');
    expect(big.error).toContain('5×5 is larger than its 4×4 input');
    const vec = runBlock('separable-conv', {}, [[100]]);
    expect(vec.code).toBe('vector-to-conv');
    expect(vec.error).toContain('needs a feature map [H, W, C] but gets a vector [100]');
  });
});

describe('receptive-field-conv and conv (Keras Conv2D)', () => {
  it('receptive-field conv defaults to dilation 2: 3×3 sees 5×5', () => {
    const r = runBlock('receptive-field-conv', { filters: 64 }, [[14, 14, 64]]);
    expect(r.shape).toEqual([14, 14, 64]);
    expect(r.cost?.params).toBe(3 * 3 * 64 * 64 + 64);
    expect(r.cost?.macs).toBe(14 * 14 * 9 * 64 * 64);
    expect(r.rf).toEqual({ size: [5, 5], jump: [1, 1] });
  });

  it('valid dilated conv shrinks by the effective kernel', () => {
    const r = runBlock('receptive-field-conv', { filters: 4, padding: 'valid', dilation: [3, 3] }, [[12, 11, 2]]);
    // k_eff = 7: 12-7+1 = 6, 11-7+1 = 5
    expect(r.shape).toEqual([6, 5, 4]);
  });

  it('conv stride 2 with TF same padding on odd and even sizes', () => {
    expect(runBlock('conv', { strides: [2, 2] }, [[5, 6, 1]]).shape).toEqual([3, 3, 32]);
    expect(runBlock('conv', { strides: [3, 3], padding: 'valid', kernelSize: [2, 2] }, [[8, 8, 1]]).shape).toEqual([3, 3, 32]);
    const r = runBlock('conv', { filters: 10, kernelSize: [5, 5], useBias: false, activation: 'linear' }, [[8, 8, 3]]);
    expect(r.cost).toEqual({ params: 750, trainableParams: 750, nonTrainableParams: 0, macs: 64 * 750, flops: 2 * 64 * 750 });
  });

  it('conv receptive field grows by (k_eff-1)·jump and the jump by the stride', () => {
    const r = runBlock('conv', { strides: [2, 2] }, [[16, 16, 3]], [{ size: [3, 3], jump: [2, 2] }]);
    expect(r.rf).toEqual({ size: [7, 7], jump: [4, 4] });
  });
});

describe('depthwise-conv (Keras DepthwiseConv2D)', () => {
  it('out channels = Cin × depth multiplier; params and MACs', () => {
    const r = runBlock('depthwise-conv', { depthMultiplier: 2 }, [[10, 10, 8]]);
    expect(r.shape).toEqual([10, 10, 16]);
    expect(r.cost?.params).toBe(9 * 16 + 16);
    expect(r.cost?.macs).toBe(100 * 9 * 16);
  });

  it('stride 2 same on an even size matches ZeroPadding((0,1),(0,1)) + valid', () => {
    const r = runBlock('depthwise-conv', { strides: [2, 2], useBias: false, batchNorm: true, activation: 'relu6' }, [[112, 112, 64]]);
    expect(r.shape).toEqual([56, 56, 64]);
    expect(r.cost?.params).toBe(9 * 64 + 4 * 64);
    expect(r.cost?.nonTrainableParams).toBe(128);
    expect(r.cost?.macs).toBe(56 * 56 * 9 * 64);
  });
});
