import { describe, expect, it } from 'vitest';
import { concatBytes, decodeWeights, type TfjsArtifact } from './artifact';
import { contractKernel, expandKernel, expandedLayersOf, fromStockTfjs, isDilatedExpansion, toStockTfjs } from './stock-tfjs';
import { float32ToLeBytes } from './weight-decode';

/** Input → DepthwiseConv2D (k 3×2, dilation 2×3, dm 2, 'same') → Dense, with counting weights. */
function artifact(extra: Record<string, unknown> = {}): TfjsArtifact {
  const dw = Float32Array.from({ length: 3 * 2 * 2 * 2 }, (_, i) => i + 1);
  const bias = Float32Array.from([0.5, -0.5, 1, -1]);
  const dense = Float32Array.from({ length: 4 * 3 }, (_, i) => -i);
  return {
    modelTopology: {
      class_name: 'Model',
      config: {
        name: 'm',
        layers: [
          { name: 'in', class_name: 'InputLayer', config: { name: 'in', batch_input_shape: [null, 9, 8, 2] }, inbound_nodes: [] },
          {
            name: 'dw',
            class_name: 'DepthwiseConv2D',
            config: {
              name: 'dw',
              kernel_size: [3, 2],
              dilation_rate: [2, 3],
              depth_multiplier: 2,
              padding: 'same',
              data_format: 'channels_last',
              ...extra,
            },
            inbound_nodes: [[['in', 0, 0, {}]]],
          },
          { name: 'fc', class_name: 'Dense', config: { name: 'fc', units: 3 }, inbound_nodes: [[['dw', 0, 0, {}]]] },
        ],
        input_layers: [['in', 0, 0]],
        output_layers: [['fc', 0, 0]],
      },
    },
    weightSpecs: [
      { name: 'dw/depthwise_kernel', shape: [3, 2, 2, 2], dtype: 'float32' },
      { name: 'dw/bias', shape: [4], dtype: 'float32' },
      { name: 'fc/kernel', shape: [4, 3], dtype: 'float32' },
    ],
    weightData: concatBytes([float32ToLeBytes(dw), float32ToLeBytes(bias), float32ToLeBytes(dense)]),
  };
}

type Layers = { config: { layers: { class_name: string; config: Record<string, unknown> }[] } };
const dwConfig = (a: TfjsArtifact) => (a.modelTopology as unknown as Layers).config.layers[1].config;

describe('stock-tfjs form of dilated DepthwiseConv2D', () => {
  it('expands a k×k dilated kernel to (k−1)·d+1 with zeros between the taps, and contracts it back', () => {
    const k = Float32Array.from([1, 2, 3, 4, 5, 6]); // [3, 2, 1, 1]
    const e = expandKernel(k, [3, 2, 1, 1], [2, 3]);
    expect(e.shape).toEqual([5, 4, 1, 1]);
    // rows 0, 2, 4 hold the taps at columns 0 and 3
    expect(Array.from(e.data)).toEqual([1, 0, 0, 2, 0, 0, 0, 0, 3, 0, 0, 4, 0, 0, 0, 0, 5, 0, 0, 6]);
    expect(isDilatedExpansion(e.data, e.shape, [2, 3])).toBe(true);
    expect(Array.from(contractKernel(e.data, e.shape, [3, 2], [2, 3]).data)).toEqual(Array.from(k));
    const touched = e.data.slice();
    touched[1] = 0.25;
    expect(isDilatedExpansion(touched, e.shape, [2, 3])).toBe(false);
  });

  it('writes the layer undilated with the expanded kernel and records the original in userDefinedMetadata.sora', () => {
    const src = artifact();
    const stock = toStockTfjs(src);
    expect(dwConfig(stock)).toMatchObject({ kernel_size: [5, 4], dilation_rate: [1, 1] });
    expect(dwConfig(src)).toMatchObject({ kernel_size: [3, 2], dilation_rate: [2, 3] }); // input untouched
    expect(stock.weightSpecs.map((w) => w.shape)).toEqual([[5, 4, 2, 2], [4], [4, 3]]);
    expect(expandedLayersOf(stock.userDefinedMetadata)).toEqual([{ layer: 'dw', kernelSize: [3, 2], dilation: [2, 3] }]);
    const w = decodeWeights(stock);
    expect(Array.from(w.get('fc/kernel')!.data)).toEqual(Array.from(decodeWeights(src).get('fc/kernel')!.data));
    // Already-stock input is left alone (no double expansion).
    expect(toStockTfjs(stock)).toBe(stock);
  });

  it('round-trips: fromStockTfjs(toStockTfjs(a)) has the original topology and bytes, and keeps foreign metadata', () => {
    const src = { ...artifact(), userDefinedMetadata: { owner: 'someone' } };
    const back = fromStockTfjs(toStockTfjs(src));
    expect(back.warnings).toEqual([]);
    expect(back.artifact.modelTopology).toEqual(src.modelTopology);
    expect(back.artifact.weightSpecs).toEqual(src.weightSpecs);
    expect(back.artifact.weightData).toEqual(src.weightData);
    expect(back.artifact.userDefinedMetadata).toEqual({ owner: 'someone' });
  });

  it('leaves undilated layers and models without Sora metadata as they are', () => {
    const plain = artifact({ dilation_rate: [1, 1] });
    expect(toStockTfjs(plain)).toBe(plain);
    expect(fromStockTfjs(plain).artifact).toBe(plain);
  });

  it('keeps a kernel that was trained further in its expanded form undilated, and says so', () => {
    const stock = toStockTfjs(artifact());
    const data = new Float32Array(stock.weightData.slice().buffer);
    data[2 * 2] = 0.125; // kernel row 0, column 1: between the dilation-3 taps
    const back = fromStockTfjs({ ...stock, weightData: new Uint8Array(data.buffer) });
    expect(back.warnings).toEqual([expect.stringMatching(/layer 'dw'.*non-zero taps.*stays an undilated 5×4 kernel/)]);
    expect(dwConfig(back.artifact)).toMatchObject({ kernel_size: [5, 4], dilation_rate: [1, 1] });
    expect(back.artifact.weightSpecs[0].shape).toEqual([5, 4, 2, 2]);
    expect(back.artifact.userDefinedMetadata).toBeUndefined();
  });

  it('ignores a metadata record that does not match the topology, with a warning', () => {
    const src = {
      ...artifact({ dilation_rate: [1, 1] }),
      userDefinedMetadata: { sora: { expandedDilation: [{ layer: 'dw', kernelSize: [3, 3], dilation: [2, 2] }] } },
    };
    const back = fromStockTfjs(src);
    expect(back.warnings).toEqual([expect.stringMatching(/names layer 'dw'.*does not match/)]);
    expect(back.artifact.weightData).toEqual(src.weightData);
  });
});
