import * as tf from '@tensorflow/tfjs';
import { unzipSync, strFromU8 } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileDesign } from '../../tf/compile';
import { artifactFromModel } from '../../tf/export/model-artifact';
import { getTemplate } from '../templates/index';
import { fileStem, modelFilesFromStoredWeights, trainedExportZip } from './trained-export';

describe('exports of a stored run', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
  });

  it('rebuilds model.json from the run design + stored weights and exports tfjs and PyTorch zips', async () => {
    const design = getTemplate('sora-lite-mnist')!.build();
    const model = compileDesign(design);
    const artifact = await artifactFromModel(model);
    model.dispose();
    const files = modelFilesFromStoredWeights(design, artifact.weightSpecs, artifact.weightData);
    expect(files.weightsBin.byteLength).toBe(50451 * 4);

    const tfjsZip = trainedExportZip(files, 'tfjs', 'Sora lite (MNIST)');
    expect(tfjsZip.fileName).toBe('sora-lite-mnist-tfjs.zip');
    const entries = unzipSync(tfjsZip.zip);
    const json = JSON.parse(strFromU8(entries['sora-lite-mnist-tfjs/model.json'])) as { weightsManifest: { weights: { shape: number[] }[] }[] };
    const values = json.weightsManifest[0].weights.reduce((s, w) => s + w.shape.reduce((a, b) => a * b, 1), 0);
    expect(entries['sora-lite-mnist-tfjs/weights.bin'].byteLength).toBe(values * 4);
    expect(values).toBe(50451);

    const torch = unzipSync(trainedExportZip(files, 'pytorch', 'Sora lite (MNIST)').zip);
    expect(Object.keys(torch).sort()).toEqual(
      ['README.txt', 'load.py', 'model.py', 'sora-model.json', 'train.py', 'weights.safetensors'].map((f) => `sora-lite-mnist-pytorch/${f}`),
    );
    expect(strFromU8(torch['sora-lite-mnist-pytorch/model.py'])).toContain('class ');
    // A run's settings become train.py's recipe.
    const recipe = { optimizer: 'sgd' as const, learningRate: 0.02, momentum: 0.5, batchSize: 128, epochs: 4, validationSplit: 0.1, seed: 3 };
    const withRecipe = unzipSync(trainedExportZip(files, 'pytorch', 'Sora lite (MNIST)', recipe).zip);
    const trainPy = strFromU8(withRecipe['sora-lite-mnist-pytorch/train.py']);
    const embedded = /^RECIPE = json\.loads\((".*")\)$/m.exec(trainPy);
    expect(embedded).not.toBeNull();
    expect(JSON.parse(JSON.parse(embedded![1]) as string)).toEqual(recipe);
  });

  it('names the problem when the stored weights do not fit the manifest', () => {
    const design = getTemplate('sora-lite-mnist')!.build();
    const files = modelFilesFromStoredWeights(design, [{ name: 'output_1/kernel', shape: [128, 10], dtype: 'float32' }], new Uint8Array(12));
    expect(() => trainedExportZip(files, 'tfjs', 'x')).toThrow(/weights\.bin.*12 bytes.*5120 bytes/);
  });

  it('makes file stems', () => {
    expect(fileStem('  ')).toBe('model');
    expect(fileStem('My Net v2!')).toBe('my-net-v2');
  });
});
