/**
 * tfjs export round trip: the exported model.json + weights.bin load back into tfjs with identical predictions,
 * re-import with the Keras importer to the same architecture, and zip bundling keeps every byte.
 */
import * as tf from '@tensorflow/tfjs';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { modelFilesFromModel } from '../../tf/export/model-artifact';
import { analyzeDesign } from '../graph/analyze';
import { importKerasModel } from '../keras/import/import-keras-model';
import { assembleArtifact, parseModelJson } from './artifact';
import { exportArtifact, zipExport, type ExportFile } from './bundle';
import { randomInput, randomizeWeights, TEMPLATE_MODELS, TEST_MODELS, useCpu } from './__tests__/tf-models';

beforeAll(useCpu);

async function exportTfjsFiles(model: tf.LayersModel): Promise<{ files: ExportFile[]; warnings: string[] }> {
  const { modelJson, weightsBin } = await modelFilesFromModel(model);
  const r = exportArtifact(
    assembleArtifact(parseModelJson(modelJson), () => weightsBin),
    'tfjs',
  );
  return { files: r.files, warnings: r.model.warnings };
}

function file(files: ExportFile[], path: string): Uint8Array {
  const f = files.find((x) => x.path === path);
  if (!f) throw new Error(`no ${path} in export`);
  return f.data;
}

/** Parameters stock tfjs sees: a dilated DepthwiseConv2D is written with its zero-expanded kernel (see stock-tfjs.ts). */
function stockParamCount(model: tf.LayersModel): number {
  return model.layers.reduce((sum, l) => {
    const c = l.getConfig();
    if (l.getClassName() !== 'DepthwiseConv2D' || !Array.isArray(c.dilationRate)) return sum + l.countParams();
    const [kh, kw] = c.kernelSize as number[];
    const [dh, dw] = c.dilationRate as number[];
    const kernel = l.getWeights()[0];
    const perTap = kernel.size / (kh * kw);
    return sum + l.countParams() - kernel.size + ((kh - 1) * dh + 1) * ((kw - 1) * dw + 1) * perTap;
  }, 0);
}

async function reload(files: ExportFile[]): Promise<tf.LayersModel> {
  const json = JSON.parse(new TextDecoder().decode(file(files, 'model.json'))) as {
    modelTopology: object;
    weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  };
  expect(json.weightsManifest).toHaveLength(1);
  expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
  const bin = file(files, 'weights.bin');
  const weightData = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) as ArrayBuffer;
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData }));
}

// activations_misc is left out: tfjs cannot reload its own 'gelu_new' serialization ("Unknown activation: geluNew").
const { activations_misc: _skip, ...roundTrip } = TEST_MODELS;
const cases = { ...roundTrip, 'sora-residual': TEMPLATE_MODELS['sora-residual'] };
/** Models inside the Sora importer's scope (one image input, one output, supported layers). */
const REIMPORTABLE = new Set(['dilated_separable', 'sora-residual', 'zero_padding_design']);

describe('tfjs export', () => {
  for (const [id, build] of Object.entries(cases)) {
    it(`${id}: reloads in tfjs with identical predictions and re-imports to the same parameter count`, async () => {
      const model = build();
      randomizeWeights(model, 7);
      const { files } = await exportTfjsFiles(model);
      const again = await reload(files);
      expect(again.countParams()).toBe(stockParamCount(model));
      const x = model.inputs.map((inp) => randomInput([2, ...(inp.shape.slice(1) as number[])], 3));
      const a = [model.predict(x.length === 1 ? x[0] : x)].flat();
      const b = [again.predict(x.length === 1 ? x[0] : x)].flat();
      expect(b.length).toBe(a.length);
      a.forEach((t, i) => {
        expect(b[i].shape).toEqual(t.shape);
        const diff = tf.max(tf.abs(tf.sub(t, b[i]))).dataSync()[0];
        expect(diff).toBe(0);
      });

      if (REIMPORTABLE.has(id)) {
        const imported = importKerasModel(JSON.parse(new TextDecoder().decode(file(files, 'model.json'))));
        expect(imported.ok ? null : imported.error).toBeNull();
        if (imported.ok) expect(analyzeDesign(imported.design).totals.params).toBe(model.countParams());
      }
      tf.dispose([...x, ...a, ...b]);
      model.dispose();
      again.dispose();
    });
  }

  it('repairs a SeparableConv2D depth_multiplier that stock tfjs drops from model.json, and says so', async () => {
    const model = TEST_MODELS.dilated_separable();
    const { modelJson, weightsBin } = await modelFilesFromModel(model);
    type Topo = { modelTopology: { config: { layers: { class_name: string; config: Record<string, unknown> }[] } } };
    const raw = JSON.parse(modelJson) as Topo & Record<string, unknown>;
    const sep = raw.modelTopology.config.layers.find((l) => l.class_name === 'SeparableConv2D')!;
    expect(sep.config.depth_multiplier).toBe(2); // saved thanks to Sora's tfjs patch
    delete sep.config.depth_multiplier; // what stock tfjs 4.22 writes
    const r = exportArtifact(
      assembleArtifact(parseModelJson(JSON.stringify(raw)), () => weightsBin),
      'tfjs',
    );
    const out = JSON.parse(new TextDecoder().decode(file(r.files, 'model.json'))) as Topo;
    expect(out.modelTopology.config.layers.find((l) => l.class_name === 'SeparableConv2D')!.config.depth_multiplier).toBe(2);
    expect(r.model.warnings).toEqual([expect.stringMatching(/SeparableConv2D.*omits depth_multiplier.*using 2/)]);
    expect(file(r.files, 'weights.bin')).toEqual(weightsBin);
    const again = await reload(r.files);
    expect(again.countParams()).toBe(stockParamCount(model));
    model.dispose();
    again.dispose();
  });

  it('zipExport bundles every file byte-for-byte', async () => {
    const model = TEST_MODELS.mlp();
    const { files } = await exportTfjsFiles(model);
    const unzipped = unzipSync(zipExport(files, 'mlp-tfjs'));
    expect(Object.keys(unzipped).sort()).toEqual(files.map((f) => `mlp-tfjs/${f.path}`).sort());
    for (const f of files) expect(unzipped[`mlp-tfjs/${f.path}`]).toEqual(f.data);
    model.dispose();
  });
});
