/**
 * PyTorch weights come back: a PyTorch bundle's sora-model.json + weights.safetensors → tfjs model.json +
 * weights.bin with exactly the original weights (every test model and the app's templates), which stock tfjs
 * loads and which predicts what the original predicts.
 */
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { run as runImportTorch } from '../../cli/commands/import-torch';
import { compileDesign } from '../../tf/compile';
import { loadDesignOrModelBytes } from '../io/load-any';
import { getTemplate } from '../templates';
import { modelFilesFromModel } from '../../tf/export/model-artifact';
import { assembleArtifact, decodeWeights, parseModelJson } from './artifact';
import { exportArtifact } from './bundle';
import { encodeSafetensors, decodeSafetensors } from './safetensors';
import { BUNDLE_MODEL_FILE, importTorchWeights } from './torch-weights-import';
import { ALL_TEST_MODELS, randomInput, randomizeWeights, useCpu } from './__tests__/tf-models';

async function loadFiles(modelJson: string, weightsBin: Uint8Array): Promise<tf.LayersModel> {
  const json = JSON.parse(modelJson) as { modelTopology: object; weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[] };
  const data = weightsBin.buffer.slice(weightsBin.byteOffset, weightsBin.byteOffset + weightsBin.byteLength) as ArrayBuffer;
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: data }));
}

describe('PyTorch weights back to tfjs', () => {
  let seed = 40;
  for (const [id, build] of Object.entries(ALL_TEST_MODELS)) {
    it(`${id}: safetensors → tfjs gives the original weights and predictions`, async () => {
      await useCpu();
      const model = build();
      randomizeWeights(model, seed++);
      const original = await modelFilesFromModel(model);
      const { files } = exportArtifact(
        assembleArtifact(parseModelJson(original.modelJson), () => original.weightsBin),
        'pytorch',
      );
      const file = (p: string) => files.find((f) => f.path === p)!.data;
      const back = importTorchWeights(new TextDecoder().decode(file(BUNDLE_MODEL_FILE)), file('weights.safetensors'));
      const want = decodeWeights(assembleArtifact(parseModelJson(original.modelJson), () => original.weightsBin));
      const got = decodeWeights(assembleArtifact(parseModelJson(back.modelJson), () => back.weightsBin));
      expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
      for (const [name, w] of want) {
        expect(got.get(name)!.shape, name).toEqual(w.shape);
        expect(got.get(name)!.data, name).toEqual(w.data);
      }
      // Stock tfjs cannot deserialize every activation it can build (gelu_new): compare predictions where the
      // original model.json itself reloads.
      const originalLoads = await loadFiles(original.modelJson, original.weightsBin).then(
        (m) => (m.dispose(), true),
        () => false,
      );
      if (!originalLoads) {
        expect(id).toBe('activations_misc');
        model.dispose();
        return;
      }
      const reloaded = await loadFiles(back.modelJson, back.weightsBin);
      const inputs = model.inputs.map((inp, i) => randomInput([2, ...(inp.shape.slice(1) as number[])], 7 + i));
      const a = [model.predict(inputs.length === 1 ? inputs[0] : inputs)].flat();
      const b = [reloaded.predict(inputs.length === 1 ? inputs[0] : inputs)].flat();
      a.forEach((t, i) => expect(Array.from(b[i].dataSync())).toEqual(Array.from(t.dataSync())));
      tf.dispose([...inputs, ...a, ...b]);
      model.dispose();
      reloaded.dispose();
    });
  }

  it('a state dict from another model is refused naming the missing tensor', async () => {
    await useCpu();
    const model = ALL_TEST_MODELS.mlp();
    const original = await modelFilesFromModel(model);
    model.dispose();
    const { files } = exportArtifact(
      assembleArtifact(parseModelJson(original.modelJson), () => original.weightsBin),
      'pytorch',
    );
    const topology = new TextDecoder().decode(files.find((f) => f.path === BUNDLE_MODEL_FILE)!.data);
    const state = decodeSafetensors(files.find((f) => f.path === 'weights.safetensors')!.data).tensors;
    const firstKey = [...state.keys()][0];
    state.delete(firstKey);
    expect(() => importTorchWeights(topology, encodeSafetensors(state))).toThrow(`the safetensors file has no tensor '${firstKey}'`);
  });

  it('cli import-torch writes model.json + weights.bin from a bundle folder; a missing bundle is one stderr line', async () => {
    await useCpu();
    const model = ALL_TEST_MODELS.mlp();
    randomizeWeights(model, 3);
    const original = await modelFilesFromModel(model);
    model.dispose();
    const root = mkdtempSync(join(tmpdir(), 'sora-import-torch-'));
    try {
      const bundle = join(root, 'bundle');
      mkdirSync(bundle);
      for (const f of exportArtifact(
        assembleArtifact(parseModelJson(original.modelJson), () => original.weightsBin),
        'pytorch',
      ).files)
        writeFileSync(join(bundle, f.path), f.data);
      let stdout = '';
      let stderr = '';
      const o = vi.spyOn(process.stdout, 'write').mockImplementation((t) => ((stdout += String(t)), true));
      const e = vi.spyOn(process.stderr, 'write').mockImplementation((t) => ((stderr += String(t)), true));
      let ok: number;
      let missing: number;
      try {
        ok = await runImportTorch([bundle, '--out', join(root, 'back')]);
        missing = await runImportTorch([join(root, 'nope'), '--out', join(root, 'x')]);
      } finally {
        o.mockRestore();
        e.mockRestore();
      }
      expect(ok).toBe(0);
      expect(stdout).toContain(join(bundle, 'weights.safetensors'));
      expect(new Uint8Array(readFileSync(join(root, 'back', 'weights.bin')))).toEqual(original.weightsBin);
      expect(missing).toBe(1);
      expect(stderr).toBe(`import-torch: bundle topology '${join(root, 'nope', 'sora-model.json')}' does not exist\n`);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('a Sora .safetensors opens on its own (Open…): the design from its metadata, its weights named and shaped as the design compiles', async () => {
    await useCpu();
    for (const id of ['sora-lite-mnist', 'sora-residual']) {
      const model = compileDesign(getTemplate(id)!.build());
      randomizeWeights(model, 9);
      const original = await modelFilesFromModel(model);
      const bytes = exportArtifact(
        assembleArtifact(parseModelJson(original.modelJson), () => original.weightsBin),
        'pytorch',
      ).files.find((f) => f.path === 'weights.safetensors')!.data;
      const loaded = await loadDesignOrModelBytes(bytes, 'weights.safetensors');
      if (!loaded.ok) throw new Error(loaded.error);
      expect(loaded.source).toBe('pytorch');
      const want = decodeWeights(assembleArtifact(parseModelJson(original.modelJson), () => original.weightsBin));
      const again = compileDesign(loaded.design);
      expect(loaded.weights!.map((w) => `${w.name} ${w.shape.join('x')}`).sort()).toEqual(
        again.weights.map((w) => `${w.originalName} ${w.shape.join('x')}`).sort(),
      );
      for (const w of loaded.weights!) expect(w.values, w.name).toEqual(want.get(w.name)!.data);
      again.dispose();
      model.dispose();
    }
    // Without the topology in its metadata (another tool's file) it is refused with a pointer to cli import-torch.
    const plain = encodeSafetensors(new Map([['w', { data: new Float32Array(2), shape: [2] }]]));
    const refused = await loadDesignOrModelBytes(plain, 'other.safetensors');
    expect(refused).toEqual({
      ok: false,
      error:
        "other.safetensors: no Sora model topology in its metadata; only weights written by a Sora Designer PyTorch export or its train.py open here (for other bundles use 'cli import-torch' with the bundle folder)",
    });
  });
});
