import { describe, expect, it } from 'vitest';
import { analyzeDesign } from '../../core/graph/analyze';
import { loadDesignOrModel } from '../../core/io/load-any';
import { layoutImported } from './layout-import';

/** A tfjs Sequential model.json of `n` 1×1 convs (Keras layer configs as tfjs writes them). */
function deepSequential(n: number): string {
  const conv = (i: number) => ({
    class_name: 'Conv2D',
    config: {
      name: `conv_${i}`,
      filters: 2,
      kernel_size: [1, 1],
      strides: [1, 1],
      padding: 'same',
      activation: 'relu',
      use_bias: true,
      dilation_rate: [1, 1],
    },
  });
  const layers = [
    { class_name: 'InputLayer', config: { name: 'input', batch_input_shape: [null, 8, 8, 1], dtype: 'float32' } },
    ...Array.from({ length: n }, (_, i) => conv(i)),
    { class_name: 'Flatten', config: { name: 'flat' } },
    { class_name: 'Dense', config: { name: 'out', units: 10, activation: 'softmax', use_bias: true } },
  ];
  return JSON.stringify({ modelTopology: { class_name: 'Sequential', config: { name: 'deep', layers } } });
}

describe('importing very deep models', () => {
  it('imports, lays out and analyses a 3,000-layer model without overflowing the stack', () => {
    const started = performance.now();
    const loaded = loadDesignOrModel(deepSequential(3000), 'deep.json');
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    const design = layoutImported(loaded.design);
    const analysis = analyzeDesign(design);
    const seconds = (performance.now() - started) / 1000;
    expect(analysis.valid).toBe(true);
    expect(design.blocks.length).toBe(3003);
    expect(analysis.totals.params).toBe(3000 * 6 - 2 + 2 * 8 * 8 * 10 + 10);
    const ys = design.blocks.map((b) => b.position.y);
    expect(ys.every((y, i) => i === 0 || y > ys[i - 1])).toBe(true);
    expect(seconds).toBeLessThan(10);
  });
});
