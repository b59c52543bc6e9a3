/** Reading tfjs artifacts: the real fixture, decoding, and every bad-input message. Pure TS, no tfjs. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assembleArtifact, decodeWeights, parseModelJson, type ModelJson, type TfjsArtifact } from './artifact';
import { exportArtifact } from './bundle';
import { buildExportModel } from './export-model';
import { elementCount } from './weight-decode';

const FIXTURE = join(__dirname, '../io/__fixtures__/mnist-cnn-tfjs-layers-1.3.2.model.json');

function withZeroWeights(model: ModelJson): TfjsArtifact {
  return assembleArtifact(model, (p) => {
    const group = model.weightsManifest.find((g) => g.paths.includes(p))!;
    return new Uint8Array(group.weights.reduce((s, w) => s + 4 * elementCount(w.shape), 0));
  });
}

/** A tiny Sequential: Conv2D(2, 3x3, same) on 4x4x1 → Flatten → Dense(3). */
function tinyModel(): ModelJson {
  return parseModelJson(
    JSON.stringify({
      modelTopology: {
        class_name: 'Sequential',
        config: {
          name: 'tiny',
          layers: [
            { class_name: 'Conv2D', config: { name: 'c', filters: 2, kernel_size: [3, 3], padding: 'same', batch_input_shape: [null, 4, 4, 1] } },
            { class_name: 'Flatten', config: { name: 'f' } },
            { class_name: 'Dense', config: { name: 'd', units: 3 } },
          ],
        },
      },
      weightsManifest: [
        {
          paths: ['w.bin'],
          weights: [
            { name: 'c/kernel', shape: [3, 3, 1, 2], dtype: 'float32' },
            { name: 'c/bias', shape: [2], dtype: 'float32' },
            { name: 'd/kernel', shape: [32, 3], dtype: 'float32' },
            { name: 'd/bias', shape: [3], dtype: 'float32' },
          ],
        },
      ],
    }),
  );
}

const TINY_BYTES = 4 * (18 + 2 + 96 + 3);

describe('reading tfjs layers artifacts', () => {
  it('reads the real MNIST fixture topology (594,922 params) and exports it to PyTorch', () => {
    const model = parseModelJson(readFileSync(FIXTURE, 'utf8'));
    const art = withZeroWeights(model);
    const em = buildExportModel(art);
    expect(em.paramCount).toBe(594_922);
    expect(em.layers.map((l) => l.className)).toEqual([
      'InputLayer',
      'Conv2D',
      'Conv2D',
      'MaxPooling2D',
      'Conv2D',
      'Conv2D',
      'MaxPooling2D',
      'Flatten',
      'Dropout',
      'Dense',
      'Dropout',
      'Dense',
    ]);
    expect(em.layers.find((l) => l.className === 'Flatten')!.outDims).toEqual([1024]);
    const py = new TextDecoder().decode(exportArtifact(art, 'pytorch').files.find((f) => f.path === 'model.py')!.data);
    expect(py).toContain('nn.Linear(1024, 512, bias=True)');
    expect(py).toContain('torch.flatten(');
    expect(py).toContain('PARAM_COUNT = 594922');
  });

  it('decodes little-endian float32 and quantized uint8 / float16 entries', () => {
    const bytes = new Uint8Array(4 + 2 + 4);
    const view = new DataView(bytes.buffer);
    view.setFloat32(0, -1.5, true);
    bytes[4] = 0;
    bytes[5] = 10;
    view.setUint16(6, 0x3c00, true); // 1.0
    view.setUint16(8, 0xc000, true); // -2.0
    const w = decodeWeights({
      modelTopology: {},
      weightSpecs: [
        { name: 'a:0', shape: [1], dtype: 'float32' },
        { name: 'b', shape: [2], dtype: 'float32', quantization: { dtype: 'uint8', scale: 0.5, min: -1 } },
        { name: 'c', shape: [2], dtype: 'float32', quantization: { dtype: 'float16' } },
      ],
      weightData: bytes,
    });
    expect([...w.get('a')!.data]).toEqual([-1.5]);
    expect([...w.get('b')!.data]).toEqual([-1, 4]);
    expect([...w.get('c')!.data]).toEqual([1, -2]);
  });

  it('names a missing weights file', () => {
    expect(() => assembleArtifact(tinyModel(), () => null)).toThrow("weights file 'w.bin' named in model.json was not found");
    const fixture = parseModelJson(readFileSync(FIXTURE, 'utf8'));
    expect(() => assembleArtifact(fixture, () => null)).toThrow(/'weights\.bin' named in model\.json was not found/);
  });

  it('reports a byte-length mismatch with both numbers', () => {
    expect(() => assembleArtifact(tinyModel(), () => new Uint8Array(TINY_BYTES - 4))).toThrow(
      `weights file 'w.bin' has ${TINY_BYTES - 4} bytes but model.json's manifest needs ${TINY_BYTES} bytes for 4 weights`,
    );
  });

  it('reports a weight whose shape does not match the layer config', () => {
    const m = tinyModel();
    m.weightsManifest[0].weights[2].shape = [16, 6]; // same byte size, wrong shape
    expect(() => buildExportModel(assembleArtifact(m, () => new Uint8Array(TINY_BYTES)))).toThrow(
      "weights do not match the topology: 'd/kernel' has shape [16, 6] but layer 'd' (Dense) expects [32, 3]",
    );
  });

  it('reports a missing and an unused weight', () => {
    const m = tinyModel();
    m.weightsManifest[0].weights[3].name = 'other/bias';
    expect(() => buildExportModel(assembleArtifact(m, () => new Uint8Array(TINY_BYTES)))).toThrow(
      "layer 'd' (Dense) needs weight 'd/bias' [3], which the manifest lacks",
    );
    const extra = tinyModel();
    extra.weightsManifest[0].weights.push({ name: 'ghost/kernel', shape: [2], dtype: 'float32' });
    expect(() => buildExportModel(assembleArtifact(extra, () => new Uint8Array(TINY_BYTES + 8)))).toThrow(
      'no layer uses manifest weight(s) ghost/kernel',
    );
  });

  it('rejects unsupported layers, non-float weights and non-layers JSON with named problems', () => {
    const m = tinyModel();
    (m.modelTopology.config as { layers: { class_name: string }[] }).layers[1].class_name = 'LSTM';
    expect(() => buildExportModel(assembleArtifact(m, () => new Uint8Array(TINY_BYTES)))).toThrow(
      /layer 'f' \(LSTM\): layer class 'LSTM' is not supported/,
    );
    const ints = tinyModel();
    ints.weightsManifest[0].weights[1].dtype = 'int32';
    expect(() => buildExportModel(assembleArtifact(ints, () => new Uint8Array(TINY_BYTES)))).toThrow(
      "weight 'c/bias' has dtype 'int32'; only float32",
    );
    expect(() => parseModelJson('{"modelTopology": ')).toThrow(/model\.json is not valid JSON/);
    expect(() => parseModelJson('{"format": "graph-model", "weightsManifest": []}')).toThrow(/has no modelTopology/);
    expect(() => parseModelJson(JSON.stringify({ modelTopology: { class_name: 'Sequential', config: { layers: [] } } }))).toThrow(
      /has no weightsManifest/,
    );
  });
});
