import { describe, expect, it } from 'vitest';
import { buildSeedBaseline } from '../../core/templates/seed-baseline';
import { summarizeDesign } from './variant-summary';

describe('variant summary line', () => {
  it('shows params and MACs of a valid design', () => {
    expect(summarizeDesign(buildSeedBaseline()).short).toBe('202M params · 1.1G MACs');
  });

  it('shows the resolved part of an invalid design, not 0', () => {
    const d = buildSeedBaseline();
    const out = d.blocks.find((b) => b.kind === 'output')!;
    const s = summarizeDesign({ ...d, edges: d.edges.filter((e) => e.target !== out.id) });
    expect(s.valid).toBe(false);
    expect(s.short).toMatch(/^202M params · 1\.1G MACs · \d+ errors?$/);
    expect(s.detail).toContain('201,886,171 params');
  });
});
