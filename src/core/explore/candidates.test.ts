import { describe, expect, it } from 'vitest';
import { analyzeDesign } from '../graph/analyze';
import { buildSoraFastMnist } from '../templates/sora-fast-mnist';
import { generateCandidates, gridSize } from './candidates';
import { filterByConstraints } from './constraints';
import type { VaryAxis } from './types';
import { defaultVarySpec, parseVaryAxis } from './vary-spec';

const base = buildSoraFastMnist();

describe('generateCandidates', () => {
  it('default spec on Sora fast: width {0.5,0.75,1,1.5} × dilation {1,2,3} = 12 grid candidates, base first, named after what changed', () => {
    const spec = defaultVarySpec(base);
    expect(spec.axes).toEqual([
      { kind: 'width', values: [0.5, 0.75, 1, 1.5] },
      { kind: 'dilation', block: 'receptive_field_conv_1', values: [1, 2, 3] },
    ]);
    const g = generateCandidates(base, spec);
    expect(g).toMatchObject({ gridSize: 12, mode: 'grid', tried: 12, invalid: [], duplicates: 0 });
    expect(g.candidates.map((c) => c.name)).toEqual([
      'base',
      '×0.5, dil 1',
      '×0.5',
      '×0.5, dil 3',
      '×0.75, dil 1',
      '×0.75',
      '×0.75, dil 3',
      'dil 1',
      'dil 3',
      '×1.5, dil 1',
      '×1.5',
      '×1.5, dil 3',
    ]);
    expect(g.candidates[0]).toMatchObject({ id: 'c0', isBase: true, params: 50_738, macs: 2_952_256, changes: [] });
    const half = g.candidates.find((c) => c.name === '×0.5, dil 3');
    expect(half?.changes).toEqual([
      { kind: 'width', value: 0.5, label: '×0.5' },
      { kind: 'dilation', block: 'receptive_field_conv_1', value: 3, label: 'dil 3' },
    ]);
    const rf = half?.design.blocks.find((b) => b.name === 'receptive_field_conv_1');
    expect(rf?.params).toMatchObject({ filters: 32, dilation: [3, 3] });
    expect(half?.design.blocks.find((b) => b.name === 'output_1')?.params.units).toBe(10);
  });

  it('a grid larger than maxCandidates is sampled (seeded): 4·2·3·2 = 48 points → 32 distinct candidates, base first, same seed same sample', () => {
    const axes: VaryAxis[] = [
      { kind: 'width', values: [0.5, 0.75, 1, 1.5] },
      { kind: 'filters', block: 'separable_conv_3', values: [64, 128] },
      { kind: 'kernel', block: 'separable_conv_2', values: [3, 5, 7] },
      { kind: 'depth', block: 'separable_conv_3', values: [1, 2] },
    ];
    expect(gridSize(axes)).toBe(48);
    const g = generateCandidates(base, { axes }, { seed: 7 });
    expect(g).toMatchObject({ gridSize: 48, mode: 'random', tried: 32, duplicates: 0, invalid: [] });
    expect(g.candidates).toHaveLength(32);
    expect(new Set(g.candidates.map((c) => c.name)).size).toBe(32);
    expect(g.candidates.slice(0, 3).map((c) => c.name)).toEqual([
      'base',
      '×0.5, separable_conv_2 k7, separable_conv_3 depth 2',
      'separable_conv_3 64f, separable_conv_2 k5',
    ]);
    expect(generateCandidates(base, { axes }, { seed: 7 }).candidates.map((c) => c.name)).toEqual(g.candidates.map((c) => c.name));
    expect(generateCandidates(base, { axes }, { seed: 8 }).candidates.map((c) => c.name)).not.toEqual(g.candidates.map((c) => c.name));
    expect(generateCandidates(base, { axes }, { maxCandidates: 48 }).mode).toBe('grid');
  });

  it('repeating a block chains copies after it, the successors follow the last copy; the base is untouched', () => {
    const before = JSON.stringify(base);
    const g = generateCandidates(base, { axes: [{ kind: 'depth', block: 'separable_conv_3', values: [1, 3] }] });
    expect(JSON.stringify(base)).toBe(before);
    const deep = g.candidates[1];
    expect(deep.name).toBe('separable_conv_3 depth 3');
    const a = analyzeDesign(deep.design);
    expect(a.valid).toBe(true);
    expect(a.order.map((id) => a.byId[id].name)).toEqual([
      'input_1',
      'separable_conv_1',
      'max_pool_1',
      'separable_conv_2',
      'max_pool_2',
      'receptive_field_conv_1',
      'separable_conv_3',
      'separable_conv_3_rep_1',
      'separable_conv_3_rep_2',
      'encoding_1',
      'output_1',
    ]);
    // each copy: depthwise 3·3·128 + pointwise 128·128, BN 4·128 → 18,048 params; 7·7·(1,152 + 16,384) MACs
    expect(deep.params - g.candidates[0].params).toBe(2 * (3 * 3 * 128 + 128 * 128 + 4 * 128));
    expect(deep.macs - g.candidates[0].macs).toBe(2 * 7 * 7 * (3 * 3 * 128 + 128 * 128));
  });

  it('invalid points are dropped and counted by reason, duplicates too', () => {
    const g = generateCandidates(base, {
      axes: [
        { kind: 'width', values: [0.001, 0.002, 1, 200] },
        { kind: 'kernel', block: 'receptive_field_conv_1', values: [3, 9] },
      ],
    });
    expect(g).toMatchObject({ gridSize: 8, tried: 8, duplicates: 2 });
    expect(g.candidates.map((c) => c.name)).toEqual(['base', '×0.001', '×0.001, k9', 'k9']);
    expect(g.invalid).toEqual([{ reason: 'separable_conv_1: Filters must be an integer between 1 and 4096 (got 6400)', count: 2 }]);
  });

  it('refuses specs that do not fit the base, naming the problem', () => {
    expect(() => generateCandidates(base, { axes: [{ kind: 'dilation', block: 'separable_conv_1', values: [2] }] })).toThrow(
      "dilation:separable_conv_1: 'separable_conv_1' is separable-conv; dilation applies to receptive-field-conv",
    );
    expect(() => generateCandidates(base, { axes: [{ kind: 'filters', block: 'nope', values: [8] }] })).toThrow("no block named 'nope'");
    expect(() => generateCandidates(base, { axes: [{ kind: 'resolution', values: [32] }] })).toThrow('this dataset has a fixed image size');
    expect(
      generateCandidates(base, { axes: [{ kind: 'resolution', values: [28, 32] }] }, { resizableInput: true }).candidates.map((c) => [
        c.name,
        c.macs,
      ]),
    ).toEqual([
      ['base', 2_952_256],
      // 32→16→8 maps: 328·1024 + 2,336·256 + 36,864·64 + 8,768·64 + 1,280
      ['32×32 input', 3_855_616],
    ]);
    expect(() => generateCandidates(base, { axes: [{ kind: 'kernel', block: 'separable_conv_1', values: [3, 2.5] }] })).toThrow(
      'values must be positive integers, got 2.5',
    );
    expect(() => generateCandidates(base, { axes: [{ kind: 'depth', block: 'input_1', values: [2] }] })).toThrow(
      'only single-input blocks can be repeated',
    );
  });

  it('constraint filter agrees with analyzeDesign on every candidate and counts removals per constraint', () => {
    const g = generateCandidates(base, defaultVarySpec(base));
    for (const c of g.candidates) {
      const t = analyzeDesign(c.design).totals;
      expect([c.params, c.macs]).toEqual([t.params, t.macs]);
    }
    const f = filterByConstraints(g.candidates, { maxParams: 60_000, maxMacs: 2_000_000 });
    expect(f.kept.map((c) => c.name)).toEqual(['×0.5, dil 1', '×0.5', '×0.5, dil 3', '×0.75, dil 1', '×0.75', '×0.75, dil 3']);
    expect(f.removedBy).toEqual({ maxParams: 3, maxMacs: 3, maxLatencyMs: 0 });
    for (const c of g.candidates) {
      const t = analyzeDesign(c.design).totals;
      expect(f.kept.includes(c)).toBe(t.params <= 60_000 && t.macs <= 2_000_000);
    }
    const lat = filterByConstraints(
      g.candidates,
      { maxLatencyMs: 1 },
      new Map([
        ['c0', 2],
        ['c1', 0.5],
      ]),
    );
    expect(lat.removedBy).toEqual({ maxParams: 0, maxMacs: 0, maxLatencyMs: 1 });
    expect(lat.unmeasured).toHaveLength(10);
  });
});

describe('parseVaryAxis', () => {
  it('reads the --vary syntax and rejects bad text', () => {
    expect(parseVaryAxis('width=0.5,1')).toEqual({ kind: 'width', values: [0.5, 1] });
    expect(parseVaryAxis('dil:rf_1=1,2,3')).toEqual({ kind: 'dilation', block: 'rf_1', values: [1, 2, 3] });
    expect(parseVaryAxis('k:c=3,5')).toEqual({ kind: 'kernel', block: 'c', values: [3, 5] });
    expect(parseVaryAxis('res=24')).toEqual({ kind: 'resolution', values: [24] });
    expect(() => parseVaryAxis('width')).toThrow("--vary 'width': expected");
    expect(() => parseVaryAxis('speed=1')).toThrow("unknown axis 'speed'");
    expect(() => parseVaryAxis('dil=1,2')).toThrow('dilation needs a block name');
    expect(() => parseVaryAxis('width=1,x')).toThrow("'x' is not a number");
    expect(() => parseVaryAxis('width:a=1')).toThrow('applies to the whole design');
  });
});
