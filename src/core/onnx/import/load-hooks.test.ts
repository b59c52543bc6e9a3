/** The ONNX import reached through the app's file loader (Open… / drop) and `cli stats model.onnx`. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { captureOutput as capture } from '../../../test-support/cli';
import { run as runStats } from '../../../cli/commands/stats';
import { loadDesignOrModelBytes, looksLikeOnnx } from '../../io/load-any';

const ONNX = join(__dirname, '__fixtures__', 'small-cnn.onnx');
const SORA = join(__dirname, '..', '..', 'io', '__fixtures__', 'sora-small.sora.json');

afterEach(() => vi.restoreAllMocks());

describe('loadDesignOrModelBytes', () => {
  it('imports an .onnx file with its weights, by name or (any name) by its bytes', async () => {
    const bytes = new Uint8Array(readFileSync(ONNX));
    expect(looksLikeOnnx(bytes)).toBe(true);
    for (const name of ['small-cnn.onnx', 'model.bin']) {
      const r = await loadDesignOrModelBytes(bytes, name);
      if (!r.ok) throw new Error(r.error);
      expect(r.source).toBe('onnx');
      expect(r.design.blocks).toHaveLength(8);
      expect(r.weights?.reduce((s, w) => s + w.values.length, 0)).toBe(4522);
    }
  });

  it('JSON bytes still load as designs; a broken .onnx gives the file-named error', async () => {
    const sora = await loadDesignOrModelBytes(new Uint8Array(readFileSync(SORA)), 'sora-small.sora.json');
    expect(sora.ok && sora.source).toBe('design');
    const cut = await loadDesignOrModelBytes(new Uint8Array(readFileSync(ONNX)).subarray(0, 100), 'cut.onnx');
    expect(cut).toEqual({ ok: false, error: expect.stringMatching(/^cut\.onnx: not an ONNX model/) });
  });
});

describe('cli stats model.onnx', () => {
  it('--json: PyTorch params + BN statistics, MACs, per-layer shapes', async () => {
    const r = await capture(() => runStats([ONNX, '--json']));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as {
      params: number;
      trainableParams: number;
      nonTrainableParams: number;
      macs: number;
      outputShape: number[];
      layers: { kind: string }[];
    };
    expect(s).toMatchObject({ params: 4522, trainableParams: 4506, nonTrainableParams: 16, macs: 228672, outputShape: [10] });
    expect(s.layers.map((l) => l.kind)).toEqual([
      'input',
      'conv',
      'separable-conv',
      'receptive-field-conv',
      'max-pool',
      'batch-norm',
      'flatten',
      'output',
    ]);
  });

  it('prints the summary table titled as an imported ONNX model', async () => {
    const r = await capture(() => runStats([ONNX]));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Model: "small-cnn (imported ONNX model)"');
    expect(r.stdout).toMatch(/dw \(separable-conv\)\s+\(12, 12, 16\)\s+216\s+28,800/);
    expect(r.stdout).toContain('Total params: 4,522');
  });
});
