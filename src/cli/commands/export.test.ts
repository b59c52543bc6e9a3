/** `cli export`: files written per format, --zip, and one clear stderr line + exit 1 for bad input. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelFilesFromModel } from '../../tf/export/model-artifact';
import { randomizeWeights, TEST_MODELS, useCpu } from '../../core/export/__tests__/tf-models';
import { decodeModel } from '../../core/onnx/proto';
import { captureOutput } from '../../test-support/cli';
import { parseExportArgs, run } from './export';

const root = mkdtempSync(join(tmpdir(), 'sora-cli-export-'));
const modelDir = join(root, 'trained');
const modelPath = join(modelDir, 'model.json');
let weightsBin: Uint8Array;

beforeAll(async () => {
  await useCpu();
  const model = TEST_MODELS.residual_concat();
  randomizeWeights(model, 3);
  const files = await modelFilesFromModel(model);
  weightsBin = files.weightsBin;
  mkdirSync(modelDir);
  writeFileSync(modelPath, files.modelJson);
  writeFileSync(join(modelDir, 'weights.bin'), weightsBin);
  model.dispose();
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

const runCaptured = (args: string[]) => captureOutput(() => run(args));

describe('cli export', () => {
  it.each([
    ['pytorch', ['model.py', 'load.py', 'train.py', 'weights.safetensors', 'sora-model.json', 'README.txt']],
    ['keras', ['keras_model.py', 'train.py', 'weights.npz', 'README.txt']],
    ['tfjs', ['model.json', 'weights.bin', 'README.txt']],
    ['onnx', ['model.onnx']],
  ])('--format %s writes its files', async (format, names) => {
    const out = join(root, `out-${format}`);
    const r = await runCaptured([modelPath, '--format', format, '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('(1017 parameters)');
    for (const n of names) expect(existsSync(join(out, n))).toBe(true);
    if (format === 'tfjs') expect(new Uint8Array(readFileSync(join(out, 'weights.bin')))).toEqual(weightsBin);
    if (format === 'onnx') {
      const graph = decodeModel(new Uint8Array(readFileSync(join(out, 'model.onnx')))).graph;
      expect(graph?.output?.map((o) => o.name)).toEqual(['logits', 'features']);
    }
  });

  it('--zip writes one zip with the export', async () => {
    const out = join(root, 'out-zip');
    const r = await runCaptured([modelPath, '--format=pytorch', '--out', out, '--zip']);
    expect(r.code).toBe(0);
    const zip = unzipSync(new Uint8Array(readFileSync(join(out, 'residual_concat-pytorch.zip'))));
    expect(Object.keys(zip).sort()).toEqual(['README.txt', 'load.py', 'model.py', 'sora-model.json', 'train.py', 'weights.safetensors']);
  });

  it("train.py's recipe: --recipe FILE, else train-config.json beside model.json (cli train --out), else the app's defaults", async () => {
    const withConfig = join(root, 'with-config');
    mkdirSync(withConfig);
    writeFileSync(join(withConfig, 'model.json'), readFileSync(modelPath));
    writeFileSync(join(withConfig, 'weights.bin'), weightsBin);
    const config = {
      optimizer: 'sgd',
      learningRate: 0.02,
      momentum: 0.5,
      batchSize: 128,
      epochs: 4,
      validationSplit: 0.1,
      seed: 3,
      schedule: 'cosine',
    };
    writeFileSync(join(withConfig, 'train-config.json'), JSON.stringify(config));
    const recipeLine = (dir: string) =>
      readFileSync(join(dir, 'train.py'), 'utf8')
        .split('\n')
        .find((l) => l.startsWith('RECIPE = '));
    expect((await runCaptured([join(withConfig, 'model.json'), '--format', 'pytorch', '--out', join(root, 'r1')])).code).toBe(0);
    expect(recipeLine(join(root, 'r1'))).toContain('\\"optimizer\\":\\"sgd\\",\\"learningRate\\":0.02');
    const explicit = join(root, 'recipe.json');
    writeFileSync(explicit, JSON.stringify({ ...config, optimizer: 'rmsprop' }));
    expect((await runCaptured([join(withConfig, 'model.json'), '--format', 'keras', '--out', join(root, 'r2'), '--recipe', explicit])).code).toBe(0);
    expect(recipeLine(join(root, 'r2'))).toContain('\\"optimizer\\":\\"rmsprop\\"');
    expect((await runCaptured([modelPath, '--format', 'pytorch', '--out', join(root, 'r3')])).code).toBe(0);
    expect(recipeLine(join(root, 'r3'))).toContain('\\"optimizer\\":\\"adam\\"');
    writeFileSync(explicit, '{"optimizer": "adam", "learningRate": -1}');
    const bad = await runCaptured([modelPath, '--format', 'pytorch', '--out', join(root, 'r4'), '--recipe', explicit]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^export: .*recipe\.json: learningRate must be a positive number, got -1\n$/);
  });

  it('bad input: one stderr line and exit 1', async () => {
    const noWeights = join(root, 'noweights');
    mkdirSync(noWeights);
    writeFileSync(join(noWeights, 'model.json'), readFileSync(modelPath));
    const short = join(root, 'short');
    mkdirSync(short);
    writeFileSync(join(short, 'model.json'), readFileSync(modelPath));
    writeFileSync(join(short, 'weights.bin'), weightsBin.subarray(0, weightsBin.length - 8));
    const cases: [string[], RegExp][] = [
      [
        [join(noWeights, 'model.json'), '--format', 'pytorch', '--out', join(root, 'x')],
        /^export: weights file 'weights\.bin' named in model\.json was not found\n$/,
      ],
      [
        [join(short, 'model.json'), '--format', 'keras', '--out', join(root, 'x')],
        /^export: weights file 'weights\.bin' has \d+ bytes but model\.json's manifest needs \d+ bytes for 13 weights\n$/,
      ],
      [[modelPath, '--format', 'tflite', '--out', join(root, 'x')], /^export: unknown format 'tflite' \(use tfjs, pytorch, keras, onnx\)/],
      [[modelPath, '--out', join(root, 'x')], /^export: missing --format/],
      [[join(root, 'nope.json'), '--format', 'tfjs', '--out', join(root, 'x')], /^export: model file '.*nope\.json' does not exist\n$/],
    ];
    // weightsManifest.paths leading out of the model's folder: ../, an absolute path, a symbolic link out.
    const secret = join(root, 'secret.bin');
    writeFileSync(secret, weightsBin);
    const escapes: [string, string][] = [
      ['dotdot', '../secret.bin'],
      ['absolute', secret],
      ['link', 'linked.bin'],
    ];
    for (const [name, path] of escapes) {
      const dir = join(root, `escape-${name}`);
      mkdirSync(dir);
      const json = JSON.parse(readFileSync(modelPath, 'utf8')) as { weightsManifest: { paths: string[] }[] };
      json.weightsManifest[0].paths = [path];
      writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
      if (name === 'link') symlinkSync(secret, join(dir, 'linked.bin'));
      const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      cases.push([
        [join(dir, 'model.json'), '--format', 'pytorch', '--out', join(root, `x-${name}`)],
        new RegExp(
          `^export: weights file '${escaped}' named in model\\.json is outside the model's folder; only files inside .*escape-${name} are read\n$`,
        ),
      ]);
    }
    for (const [args, re] of cases) {
      const r = await runCaptured(args);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(re);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('parses flags in either form', () => {
    expect(parseExportArgs(['m.json', '-f', 'tfjs', '-o', 'd'])).toEqual({ modelPath: 'm.json', format: 'tfjs', outDir: 'd', zip: false });
    expect(parseExportArgs(['--help'])).toBe('help');
  });

  it('works end to end through `npm run cli` (exit code + stderr)', () => {
    let code = 0;
    let stderr = '';
    try {
      execFileSync(
        'npx',
        ['tsx', 'src/cli/main.ts', 'export', join(root, 'missing', 'model.json'), '--format', 'pytorch', '--out', join(root, 'x')],
        { encoding: 'utf8', stdio: 'pipe' },
      );
    } catch (e) {
      code = (e as { status: number }).status;
      stderr = (e as { stderr: string }).stderr;
    }
    expect(code).toBe(1);
    expect(stderr).toMatch(/^export: model file '.*missing\/model\.json' does not exist\n$/);
  });
});
