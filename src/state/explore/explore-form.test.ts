import { describe, expect, it } from 'vitest';
import { generateCandidates } from '../../core/explore/candidates';
import { getTemplate } from '../../core/templates/index';
import { DEFAULT_FORM, axesFromForm, dilationBlocks, previewSearch, type ExploreForm } from './explore-form';

const base = getTemplate('sora-fast-mnist')!.build();
const rf = dilationBlocks(base)[0];

describe('explore form → core', () => {
  it('spells the width and dilation axes and parses extra axes in the cli syntax', () => {
    const form: ExploreForm = { ...DEFAULT_FORM, dilation: { [rf]: { on: true, values: '1,2, 3' } }, more: 'kernel:' + rf + '=3,5' };
    const { axes, problems } = axesFromForm(base, form);
    expect(problems).toEqual([]);
    expect(axes).toEqual([
      { kind: 'width', values: [0.5, 0.75, 1, 1.5] },
      { kind: 'dilation', block: rf, values: [1, 2, 3] },
      { kind: 'kernel', block: rf, values: [3, 5] },
    ]);
  });

  it('names the bad field', () => {
    const { problems } = axesFromForm(base, { ...DEFAULT_FORM, width: { on: true, values: '0.5, x' }, more: 'bogus=1' });
    expect(problems[0]).toBe("Width: 'x' is not a number");
    expect(problems[1]).toMatch(/unknown axis 'bogus'/);
  });

  it('previews the count, the removals per constraint and the plan exactly as the core computes them', () => {
    const form: ExploreForm = { ...DEFAULT_FORM, dilation: { [rf]: { on: true, values: '1, 2, 3' } }, budgetSeconds: 120 };
    const all = generateCandidates(base, { axes: axesFromForm(base, form).axes }).candidates;
    const at = (w: number) => all.filter((c) => (c.changes.find((x) => x.kind === 'width')?.value ?? 1) === w).map((c) => c.macs);
    const cap = Math.floor((Math.max(...at(1)) + Math.min(...at(1.5))) / 2);
    const p = previewSearch(base, { ...form, maxMacs: cap });
    expect(p.generation?.candidates).toHaveLength(12);
    expect(p.filtered?.kept).toHaveLength(9);
    expect(p.filtered?.removedBy).toEqual({ maxParams: 0, maxMacs: 3, maxLatencyMs: 0 });
    // 9 candidates at 120 s would give rung 0 under 3 s each: 8 enter (8, 4, 2, 1 × 3.75, 7.5, 15, 30 s).
    expect(p.plan?.candidates).toBe(8);
    expect(p.plan?.rungs.map((r) => [r.candidates, r.secondsEach])).toEqual([
      [8, 3.75],
      [4, 7.5],
      [2, 15],
      [1, 30],
    ]);
    expect(p.problems).toEqual([]);
  });

  it('refuses an empty spec, a cap nobody meets and a bad budget', () => {
    expect(previewSearch(base, { ...DEFAULT_FORM, width: { on: false, values: '' } }).problems).toEqual(['Choose at least one thing that may vary.']);
    expect(previewSearch(base, { ...DEFAULT_FORM, maxParams: 10 }).problems).toEqual(['No candidate meets the constraints.']);
    expect(previewSearch(base, { ...DEFAULT_FORM, budgetSeconds: Number.NaN }).problems[0]).toMatch(/budget/);
  });
});
