import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { serializeDesign } from '../core/io/design-file';
import { getTemplate } from '../core/templates/index';
import { run as runStats } from './commands/stats';
import { captureOutput, spawnCli } from '../test-support/cli';
import { main } from './main';
import type { StatsJson } from './summary-table';

const ROOT = path.resolve(__dirname, '../..');
const REAL_MNIST = path.join(ROOT, 'src/core/io/__fixtures__/mnist-cnn-tfjs-layers-1.3.2.model.json');
const SORA_SMALL = path.join(ROOT, 'src/core/io/__fixtures__/sora-small.sora.json');
const DIR = mkdtempSync(path.join(tmpdir(), 'sora-cli-'));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const cli = spawnCli;

const inProcess = captureOutput;
afterEach(() => vi.restoreAllMocks());

function parseStats(r: Run): StatsJson {
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout.trim().split('\n')).toHaveLength(1);
  return JSON.parse(r.stdout) as StatsJson;
}

const BAD = path.join(DIR, 'bad.json');
const MOBILENET = path.join(DIR, 'mobilenet.sora.json');
let spawned: { mnist: Run; sora: Run; bad: Run; mobilenet: Run };

beforeAll(async () => {
  writeFileSync(BAD, '{\n  "format": "sora-design",\n  oops\n}');
  const t = getTemplate('mobilenet-v1');
  if (!t) throw new Error('template mobilenet-v1 missing');
  writeFileSync(MOBILENET, serializeDesign(t.build()));
  const [mnist, sora, bad, mobilenet] = await Promise.all([
    cli('stats', REAL_MNIST, '--json'),
    cli('stats', SORA_SMALL, '--json'),
    cli('stats', BAD, '--json'),
    cli('stats', MOBILENET, '--json'),
  ]);
  spawned = { mnist, sora, bad, mobilenet };
});

describe('cli stats (spawned)', () => {
  it('--json on the real tfjs MNIST model gives 594,922 params', () => {
    const s = parseStats(spawned.mnist);
    expect(s.params).toBe(594_922);
    expect(s.trainableParams).toBe(594_922);
    expect(s.nonTrainableParams).toBe(0);
    expect(s.outputShape).toEqual([10]);
    expect(s.macs).toBe(10_235_008);
    expect(s.layers).toHaveLength(12);
    expect(s.layers[1]).toEqual({
      name: 'conv2d_Conv2D1',
      kind: 'conv',
      outputShape: [26, 26, 32],
      params: 320,
      macs: 194_688,
      receptiveField: { size: [3, 3], jump: [1, 1] },
    });
    expect(s.layers.reduce((sum, l) => sum + l.params, 0)).toBe(594_922);
  });

  it('--json on a saved Sora design', () => {
    const s = parseStats(spawned.sora);
    expect(s.params).toBe(4499);
    expect(s.nonTrainableParams).toBe(32);
    expect(s.outputShape).toEqual([10]);
    expect(s.layers.map((l) => l.kind)).toEqual(['input', 'separable-conv', 'receptive-field-conv', 'separable-conv', 'encoding', 'output']);
    expect(s.layers[2]).toMatchObject({ outputShape: [28, 28, 16], params: 2320, receptiveField: { size: [7, 7], jump: [1, 1] } });
  });

  it('--json on a saved template design (MobileNet v1) gives the Keras count', () => {
    const s = parseStats(spawned.mobilenet);
    expect(s.params).toBe(4_253_864);
    expect(s.outputShape).toEqual([1000]);
  });

  it('bad JSON: exit code 1, nothing on stdout, one stderr line with line/column', () => {
    expect(spawned.bad.code).toBe(1);
    expect(spawned.bad.stdout).toBe('');
    expect(spawned.bad.stderr).toMatch(/^[^\n]*bad\.json: not JSON: [^\n]* at line 3 column 3\n$/);
  });
});

describe('cli stats (in-process)', () => {
  it('prints a model.summary()-like table', async () => {
    const t = await inProcess(() => runStats([SORA_SMALL]));
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/^Model: "Sora small \(fixture\)"/);
    expect(t.stdout).toMatch(/receptive_field_conv_1 \(receptive-field-conv\)\s+\(28, 28, 16\)\s+2,320\s+[\d,]+\s+7×7/);
    expect(t.stdout).toContain('Total params: 4,499');
    expect(t.stdout).toContain('Non-trainable params: 32');
  });

  it('accepts a template id', async () => {
    const r = await inProcess(() => runStats(['mobilenet-v1', '--json']));
    expect(parseStats(r)).toEqual(parseStats(spawned.mobilenet));
  });

  it('missing file, invalid design, bad usage: exit 1 and one stderr line', async () => {
    const nope = path.join(DIR, 'nope.json');
    const missing = await inProcess(() => runStats([nope]));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(new RegExp(`^${nope}: cannot read file: no such file \\(nor a template id: .*mobilenet-v1.*\\)\\n$`));

    const invalid = path.join(DIR, 'invalid.sora.json');
    const design = JSON.parse(readFileSync(SORA_SMALL, 'utf8'));
    design.edges = design.edges.slice(0, 2); // the second separable conv loses its input
    writeFileSync(invalid, JSON.stringify(design));
    const inv = await inProcess(() => runStats([invalid]));
    expect(inv).toEqual({ code: 1, stdout: '', stderr: `${invalid}: invalid design: separable_conv_2 has no input: connect a block into it\n` });

    const noFile = await inProcess(() => runStats(['--json']));
    expect(noFile.code).toBe(1);
    expect(noFile.stderr).toMatch(/^stats: expected one file, got 0 \(usage: stats /);
  });

  it('main dispatches and rejects unknown commands', async () => {
    const unknown = await inProcess(() => main(['frobnicate']));
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.split('\n')[0]).toBe("unknown command 'frobnicate'");
    expect(unknown.stderr).toContain('stats <file> [--json]');
    const stats = await inProcess(() => main(['stats', SORA_SMALL, '--json']));
    expect(parseStats(stats).params).toBe(4499);
  });
});
