/**
 * The bundles' train.py scripts, without running TensorFlow: the recipe defaults are the app's, the Keras script is
 * wired for MultiWorkerMirroredStrategy (TF_CONFIG, build + compile inside the scope, BackupAndRestore), both parse
 * and shadow nothing they use, and bad recipe files are refused with one message.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_CONFIG } from '../../worker/protocol';
import { getTemplate } from '../templates';
import { compileDesign } from '../../tf/compile';
import { modelFilesFromModel } from '../../tf/export/model-artifact';
import { assembleArtifact, parseModelJson } from './artifact';
import { exportArtifact } from './bundle';
import { DEFAULT_RECIPE, parseRecipe, recipeFields } from './training-recipe';
import { runPythonJson } from './__tests__/python';
import { NN_MODULE_ATTRIBUTES } from './__tests__/hostile-names';
import { useCpu } from './__tests__/tf-models';

interface KerasTrainReport {
  strategy: string[];
  scopeCalls: string[];
  fitInsideScope: boolean;
  fitCallbacks: string[];
  backupAndRestore: string[];
  readsTfConfig: boolean;
  importsFromKerasModel: string[];
  missingInKerasModel: string[];
}

const root = mkdtempSync(join(tmpdir(), 'sora-train-scripts-'));
let keras: KerasTrainReport;
let names: { files: Record<string, { shadowing: string[]; moduleAttributes: string[] }> };
let kerasTrain = '';
let torchTrain = '';

beforeAll(async () => {
  await useCpu();
  const model = compileDesign(getTemplate('sora-lite-mnist')!.build());
  const { modelJson, weightsBin } = await modelFilesFromModel(model);
  model.dispose();
  const artifact = assembleArtifact(parseModelJson(modelJson), () => weightsBin);
  const recipe = { ...DEFAULT_RECIPE, augment: { shiftPixels: 2, flip: true } };
  for (const format of ['pytorch', 'keras'] as const) {
    const dir = join(root, format);
    mkdirSync(dir);
    for (const f of exportArtifact(artifact, format, { recipe }).files) writeFileSync(join(dir, f.path), f.data);
  }
  kerasTrain = readFileSync(join(root, 'keras', 'train.py'), 'utf8');
  torchTrain = readFileSync(join(root, 'pytorch', 'train.py'), 'utf8');
  keras = runPythonJson(join(__dirname, '__tests__', 'check_keras_train.py'), [
    join(root, 'keras', 'train.py'),
    join(root, 'keras', 'keras_model.py'),
  ]);
  const list = join(root, 'attrs.json');
  writeFileSync(list, JSON.stringify(NN_MODULE_ATTRIBUTES));
  names = runPythonJson(join(__dirname, '__tests__', 'check_python_names.py'), [
    list,
    join(root, 'pytorch', 'train.py'),
    join(root, 'keras', 'train.py'),
  ]);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('train.py recipes', () => {
  it("the default recipe is the app's default training config", () => {
    expect(DEFAULT_RECIPE).toEqual(recipeFields(DEFAULT_TRAIN_CONFIG));
  });

  it('both scripts carry the exported recipe and whether the output is probabilities', () => {
    const json = JSON.stringify(JSON.stringify(recipeFields({ ...DEFAULT_RECIPE, augment: { shiftPixels: 2, flip: true } })));
    for (const src of [torchTrain, kerasTrain]) {
      expect(src).toContain(`RECIPE = json.loads(${json})`);
      expect(src).toContain('OUTPUT_IS_PROBABILITIES = True'); // the template ends in softmax
    }
  });

  it('a recipe file with a bad field is refused naming it', () => {
    expect(() => parseRecipe('{"optimizer": "adamw"}', 'r.json')).toThrow('r.json: optimizer must be sgd, adam or rmsprop, got "adamw"');
    expect(() => parseRecipe(JSON.stringify({ ...DEFAULT_RECIPE, batchSize: 0 }), 'r.json')).toThrow(
      'r.json: batchSize must be an integer 1–4096, got 0',
    );
    expect(() => parseRecipe('nope', 'r.json')).toThrow(/^r\.json: not JSON/);
    expect(parseRecipe(JSON.stringify({ ...DEFAULT_TRAIN_CONFIG, extra: 1 }), 'r.json')).toEqual(DEFAULT_RECIPE);
  });
});

describe('Keras train.py (ast; TensorFlow is not installed here)', () => {
  it('uses MultiWorkerMirroredStrategy, reads TF_CONFIG, builds and compiles inside strategy.scope()', () => {
    expect(keras.strategy).toEqual(['tf.distribute.MultiWorkerMirroredStrategy()']);
    expect(keras.readsTfConfig).toBe(true);
    expect(keras.scopeCalls).toEqual(expect.arrayContaining(['build_and_load', 'build_model', 'model.compile', 'make_optimizer', 'WarmupCosine']));
    expect(keras.fitInsideScope).toBe(false);
  });

  it('fits with BackupAndRestore and per-epoch JSON lines; imports only what keras_model.py defines', () => {
    expect(keras.fitCallbacks).toEqual(['backup', 'JsonLines']);
    expect(keras.backupAndRestore).toContain('keras.callbacks.BackupAndRestore');
    expect(keras.importsFromKerasModel.sort()).toEqual(['INPUT_SHAPE', 'WEIGHT_KEYS', 'build_and_load', 'build_model']);
    expect(keras.missingInKerasModel).toEqual([]);
  });

  it('neither train.py binds a name that shadows a module-level name, an import or a builtin', () => {
    expect(Object.keys(names.files)).toHaveLength(2);
    for (const [file, r] of Object.entries(names.files)) expect(r.shadowing, file).toEqual([]);
  });
});
