import { describe, expect, it } from 'vitest';
import type { FieldSpec } from '../../core/blocks/block-def';
import { parseFieldText, valueTexts } from './parse-field';

const filters: FieldSpec = { type: 'int', key: 'filters', label: 'Filters', default: 32, min: 1, max: 4096 };
const rate: FieldSpec = { type: 'float', key: 'rate', label: 'Rate', default: 0.5, min: 0, max: 1, maxExclusive: true };
const kernel: FieldSpec = { type: 'pair', key: 'kernelSize', label: 'Kernel size', default: [3, 3], min: 1, max: 64 };

describe('inspector field parsing', () => {
  it('accepts valid numbers and refuses others without clamping', () => {
    expect(parseFieldText(filters, ['64'])).toEqual({ ok: true, value: 64 });
    expect(parseFieldText(filters, ['0'])).toEqual({ ok: false, message: 'Filters must be an integer between 1 and 4096 (got 0)' });
    expect(parseFieldText(filters, ['2.5'])).toMatchObject({ ok: false });
    expect(parseFieldText(filters, ['abc'])).toEqual({ ok: false, message: "Filters must be an integer between 1 and 4096 (got 'abc')" });
    expect(parseFieldText(filters, [''])).toEqual({ ok: false, message: 'Filters is required' });
    expect(parseFieldText(rate, ['0.25'])).toEqual({ ok: true, value: 0.25 });
    expect(parseFieldText(rate, ['1'])).toMatchObject({ ok: false });
  });
  it('parses pairs from two inputs', () => {
    expect(parseFieldText(kernel, ['5', '3'])).toEqual({ ok: true, value: [5, 3] });
    expect(parseFieldText(kernel, ['5', '99'])).toMatchObject({ ok: false, message: expect.stringContaining('between 1 and 64') });
    expect(parseFieldText(kernel, ['5', ''])).toEqual({ ok: false, message: 'Kernel size needs both height and width' });
    expect(valueTexts(kernel, [7, 1])).toEqual(['7', '1']);
    expect(valueTexts(kernel, 2)).toEqual(['2', '2']);
  });
});
