import { describe, expect, it } from 'vitest';
import { analyzeDesign } from '../core/graph/analyze';
import { TemplateBuilder } from '../test-support/designs';
import { summaryTable } from './summary-table';

describe('summary table', () => {
  it('prints totals beyond 2^53 as approximations, never as exact digits', () => {
    const b = new TemplateBuilder('Huge');
    const input = b.add('input', { height: 4096, width: 4096, channels: 4096 });
    b.chain(input, [
      ['conv', { kernelSize: [9, 9], filters: 4096, padding: 'same' }],
      ['global-pool', {}],
      ['output', { units: 10, activation: 'softmax' }],
    ]);
    const a = analyzeDesign(b.build());
    expect(a.valid).toBe(true);
    expect(a.totals.macs).toBeGreaterThan(Number.MAX_SAFE_INTEGER);
    const table = summaryTable('Huge', a);
    expect(table).toContain('≈2.3e16');
    expect(table).not.toMatch(/\d{1,3}(,\d{3}){5,}/);
  });
});
