import { describe, expect, it } from 'vitest';
import { analyzeDesign } from '../graph/analyze';
import { getTemplate } from '../templates/index';
import { breakdownByKind, stackedByKind } from './breakdown';
import { buildComparisonRows } from './rows';
import { comparisonTable, layersTable, toCsv, toMarkdown } from './table-export';

const lite = { id: 'v1', name: 'Lite, "small"', design: getTemplate('sora-lite-mnist')!.build() };

describe('table export', () => {
  it('writes the comparison as CSV with quoting and exact numbers', () => {
    const csv = toCsv(comparisonTable(buildComparisonRows([lite], [])));
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      'Variant,Params,MACs,FLOPs,Activation bytes,Receptive field,Best val acc (%),Test acc (%),Training time (s),Images/s,Backend',
    );
    const t = analyzeDesign(lite.design).totals;
    expect(lines[1]).toBe(`"Lite, ""small""",50451,10808720,${t.flops},${t.activationBytes},44x44,,,,,`);
    expect(lines[2]).toBe('');
  });

  it('neutralises cells a spreadsheet would run as formulas; plain numbers stay numbers', () => {
    const csv = toCsv({
      header: ['name', 'value'],
      rows: [
        ['=HYPERLINK("http://x","y")', '-0.5'],
        ["+cmd|' /C calc'!A0", '+3'],
        ['-2+3', '1e-4'],
        ['@SUM(A1:A2)', '-'],
        ['\tlead tab', '\rlead cr'],
        ['plain = fine', '12.50'],
      ],
    });
    expect(csv.split('\r\n')).toEqual([
      'name,value',
      `"'=HYPERLINK(""http://x"",""y"")",-0.5`,
      `'+cmd|' /C calc'!A0,+3`,
      `'-2+3,1e-4`,
      `'@SUM(A1:A2),'-`,
      `'\tlead tab,"'\rlead cr"`,
      'plain = fine,12.50',
      '',
    ]);
  });

  it('writes Markdown with an alignment row and escaped pipes', () => {
    const md = toMarkdown({ header: ['A', 'B'], rows: [['x|y', '1']] });
    expect(md).toBe('| A | B |\n| :--- | ---: |\n| x\\|y | 1 |\n');
  });

  it('lists every layer of a design with its params', () => {
    const a = analyzeDesign(lite.design);
    const t = layersTable(a);
    expect(t.rows).toHaveLength(8);
    expect(t.rows[1]).toEqual(['separable_conv_1', 'separable-conv', '28x28x32', '169', '32144', String(a.blocks[1].cost!.flops), '3x3']);
    const md = toMarkdown(t);
    expect(md.split('\n')).toHaveLength(8 + 3);
  });
});

describe('breakdown by kind', () => {
  it('sums params and MACs per kind to the totals', () => {
    const a = analyzeDesign(lite.design);
    const kinds = breakdownByKind(a);
    expect(kinds.reduce((s, k) => s + k.params, 0)).toBe(50451);
    expect(kinds.reduce((s, k) => s + k.macs, 0)).toBe(10808720);
    const sep = kinds.find((k) => k.kind === 'separable-conv')!;
    expect(sep).toEqual({ kind: 'separable-conv', params: 169 + 2592 + 9280, macs: 32144 + 1831424 + 1718528, blocks: 3 });
    expect(kinds[0].kind).toBe('receptive-field-conv');
  });

  it('builds stacked-bar data with only the kinds that cost something', () => {
    const a = analyzeDesign(lite.design);
    const { kinds, data } = stackedByKind([{ name: 'Lite', analysis: a }], 'params');
    expect(kinds).toEqual(['output', 'receptive-field-conv', 'separable-conv']);
    expect(data).toEqual([{ name: 'Lite', output: 1290, 'receptive-field-conv': 37120, 'separable-conv': 12041 }]);
  });
});
