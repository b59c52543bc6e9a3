import { describe, expect, it } from 'vitest';
import { analyzeDesign } from '../graph/analyze';
import { TEMPLATES, getTemplate } from './index';

function analyzed(id: string) {
  const t = getTemplate(id);
  if (!t) throw new Error(`no template ${id}`);
  const d = t.build();
  return { d, a: analyzeDesign(d) };
}

describe('templates', () => {
  it('lists the five templates, each valid, with unique names and top-to-bottom layout', () => {
    expect(TEMPLATES.map((t) => t.id)).toEqual(['seed-baseline', 'sora-lite-mnist', 'sora-fast-mnist', 'mobilenet-v1', 'sora-residual']);
    for (const t of TEMPLATES) {
      const d = t.build();
      const a = analyzeDesign(d);
      expect(a.issues, t.id).toEqual([]);
      expect(new Set(d.blocks.map((b) => b.name)).size).toBe(d.blocks.length);
      for (const e of d.edges) {
        const s = d.blocks.find((b) => b.id === e.source);
        const tg = d.blocks.find((b) => b.id === e.target);
        expect(tg!.position.y).toBeGreaterThan(s!.position.y);
      }
      expect(t.build()).not.toBe(d); // fresh design each time
    }
  });

  it('mobilenet-v1 matches Keras exactly', () => {
    const { a, d } = analyzed('mobilenet-v1');
    expect(d.blocks.filter((b) => b.kind === 'depthwise-conv')).toHaveLength(13);
    expect(a.totals.params).toBe(4_253_864);
    expect(a.totals.trainableParams).toBe(4_231_976);
    expect(a.totals.nonTrainableParams).toBe(21_888);
    expect(a.totals.macs).toBe(568_740_352);
    expect(a.totals.outputShape).toEqual([1000]);
    const last = a.blocks.filter((b) => b.kind === 'conv').at(-1);
    expect(last?.outputShape).toEqual([7, 7, 1024]);
  });

  it('seed-baseline: exact params, by hand', () => {
    const { a } = analyzed('seed-baseline');
    const sep = 3 * 3 * 3 + 3 * 32 + 32; // 155
    const conv = 3 * 3 * 32 * 64 + 64; // 18,496; 224 → 222 (valid)
    const flat = 111 * 111 * 64; // max-pool 222 → 111
    const dense = flat * 256 + 256; // 201,867,520
    const out = 256 * 10 + 10;
    expect(a.totals.params).toBe(sep + conv + dense + out);
    expect(a.totals.params).toBe(201_888_741);
    expect(a.blocks.find((b) => b.kind === 'flatten')?.outputShape).toEqual([flat]);
  });

  it('sora-lite-mnist is small: exact params by hand, < 60k', () => {
    const { a, d } = analyzed('sora-lite-mnist');
    expect(d.blocks.map((b) => b.kind)).toEqual([
      'input',
      'separable-conv',
      'separable-conv',
      'max-pool',
      'receptive-field-conv',
      'separable-conv',
      'encoding',
      'output',
    ]);
    const sep1 = 9 * 1 + 1 * 32 + 4 * 32; // no bias, BN
    const sep2 = 9 * 32 + 32 * 64 + 4 * 64;
    const rf = 9 * 64 * 64 + 4 * 64;
    const sep3 = 9 * 64 + 64 * 128 + 4 * 128;
    const out = 128 * 10 + 10;
    expect(a.totals.params).toBe(sep1 + sep2 + rf + sep3 + out);
    expect(a.totals.params).toBe(50_451);
    expect(a.totals.trainableParams).toBe(49_875); // same as the PyTorch twin's parameters()
    expect(a.totals.params).toBeLessThan(60_000);
    expect(a.totals.outputShape).toEqual([10]);
  });

  it("sora-fast-mnist: exact params and MACs by hand, a quarter of sora-lite-mnist's MACs", () => {
    const { a, d } = analyzed('sora-fast-mnist');
    expect(d.blocks.map((b) => b.kind)).toEqual([
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
    const sep1 = 9 * 1 * 8 + 8 * 32 + 4 * 32; // depth multiplier 8, no bias, BN
    const sep2 = 9 * 32 + 32 * 64 + 4 * 64;
    const rf = 9 * 64 * 64 + 4 * 64;
    const sep3 = 9 * 64 + 64 * 128 + 4 * 128;
    const out = 128 * 10 + 10;
    expect(a.totals.params).toBe(sep1 + sep2 + rf + sep3 + out);
    expect(a.totals.params).toBe(50_738);
    const macs = 28 * 28 * (9 * 8 + 8 * 32) + 14 * 14 * (9 * 32 + 32 * 64) + 7 * 7 * 9 * 64 * 64 + 7 * 7 * (9 * 64 + 64 * 128) + 128 * 10;
    expect(a.totals.macs).toBe(macs);
    expect(a.totals.macs).toBe(2_952_256);
    expect(a.totals.macs * 3.5).toBeLessThan(analyzed('sora-lite-mnist').a.totals.macs);
    expect(a.blocks.find((b) => b.kind === 'receptive-field-conv')?.outputShape).toEqual([7, 7, 64]);
    expect(a.totals.outputShape).toEqual([10]);
  });

  it('sora-residual uses add and concatenate with matching shapes', () => {
    const { a, d } = analyzed('sora-residual');
    const add = a.blocks.find((b) => b.kind === 'add');
    const cat = a.blocks.find((b) => b.kind === 'concatenate');
    expect(add?.inputShapes).toEqual([
      [28, 28, 32],
      [28, 28, 32],
    ]);
    expect(cat?.outputShape).toEqual([14, 14, 64]);
    expect(
      d.edges
        .filter((e) => e.target === cat?.blockId)
        .map((e) => e.targetIndex)
        .sort(),
    ).toEqual([0, 1]);
    expect(a.totals.params).toBe(19_411);
  });
});
