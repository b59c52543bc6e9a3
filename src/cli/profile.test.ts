import { describe, expect, it } from 'vitest';
import { spawnCli } from '../test-support/cli';
import { parseProfileArgs } from './commands/profile';

const cli = spawnCli;

interface ProfileJson {
  backend: string;
  threads: number;
  batch: number;
  runs: number;
  msPerBatch: number;
  msPerImage: number;
  imagesPerSecond: number;
  layersSumMs: number;
  blocks: { name: string; kind: string; ms: number; share: number }[];
}

describe('cli profile', () => {
  it('--json on a template: one object, wasm in Node, positive times, every block once, shares summing to 1', async () => {
    const r = await cli('profile', 'sora-fast-mnist', '--batch', '4', '--runs', '3', '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const p = JSON.parse(lines[0]) as ProfileJson;
    expect(p).toMatchObject({ backend: 'wasm', threads: 1, batch: 4, runs: 3 });
    expect(p.msPerBatch).toBeGreaterThan(0);
    expect(p.msPerImage).toBeCloseTo(p.msPerBatch / 4, 9);
    expect(p.imagesPerSecond).toBeCloseTo(4000 / p.msPerBatch, 6);
    expect(p.layersSumMs).toBeGreaterThan(0);
    expect(p.blocks.map((b) => b.kind)).toEqual([
      'input',
      'separable-conv',
      'max-pool',
      'separable-conv',
      'max-pool',
      'receptive-field-conv',
      'separable-conv',
      'encoding',
      'output',
    ]);
    expect(p.blocks[0]).toMatchObject({ name: 'input_1', ms: 0, share: 0 });
    for (const b of p.blocks.slice(1)) expect(b.ms).toBeGreaterThan(0);
    expect(p.blocks.reduce((s, b) => s + b.share, 0)).toBeCloseTo(1, 6);
  }, 120_000);

  it('without --json prints the backend line and a block table', async () => {
    const r = await cli('profile', 'sora-lite-mnist', '--runs', '2');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Sora lite \(MNIST\): wasm, 1 thread, batch 1, median of 2 runs\n/);
    expect(r.stdout).toMatch(/whole model: \d+\.\d{3} ms per batch, \d+\.\d{3} ms per image, \d+ images\/s/);
    expect(r.stdout).toMatch(/\ninput_1 +input +0\.000 +0\.0%/);
  }, 120_000);

  it('bad arguments: one-line errors, exit 1, nothing measured', async () => {
    const limits = { maxBatch: 1024, maxRuns: 1000 };
    expect(() => parseProfileArgs(['x', '--batch', '0'], limits)).toThrow(/--batch must be an integer 1–1024, got '0'/);
    expect(() => parseProfileArgs(['x', '--runs'], limits)).toThrow(/--runs must be an integer 1–1000, got ''/);
    expect(() => parseProfileArgs(['x', '--fast'], limits)).toThrow(/unknown option --fast/);
    expect(() => parseProfileArgs([], limits)).toThrow(/expected one file, got 0/);
    expect(parseProfileArgs(['m.json', '--batch', '32', '--json'], limits)).toEqual({ file: 'm.json', batch: 32, runs: 10, json: true });
    const r = await cli('profile', 'no-such-template', '--json');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^no-such-template: cannot read file: no such file \(nor a template id: .*sora-fast-mnist/);
  }, 60_000);
});
