import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeDesign } from '../graph/analyze';
import { createBlock, emptyDesign } from '../graph/factory';
import type { Design } from '../graph/types';
import { TEMPLATES } from '../templates/index';
import { DESIGN_FILE_VERSION, parseDesignFile, serializeDesign } from './design-file';

const FIXTURE = path.join(__dirname, '__fixtures__', 'sora-small.sora.json');
const fixtureText = readFileSync(FIXTURE, 'utf8');

function fixtureJson(): { blocks: Record<string, unknown>[]; edges: Record<string, unknown>[]; [k: string]: unknown } {
  return JSON.parse(fixtureText);
}

function parseObj(obj: unknown, name?: string) {
  return parseDesignFile(JSON.stringify(obj), name);
}

function errorOf(r: ReturnType<typeof parseDesignFile>): string {
  if (r.ok) throw new Error('expected an error');
  return r.error;
}

describe('design file', () => {
  it('loads the saved fixture and analyzes it to the known totals', () => {
    const r = parseDesignFile(fixtureText, 'sora-small.sora.json');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.design.name).toBe('Sora small (fixture)');
    expect(r.design.blocks.map((b) => b.kind)).toEqual(['input', 'separable-conv', 'receptive-field-conv', 'separable-conv', 'encoding', 'output']);
    expect(r.design.viewport).toEqual({ x: 10, y: 20, zoom: 0.8 });
    const a = analyzeDesign(r.design);
    expect(a.valid).toBe(true);
    expect(a.totals.params).toBe(4499);
    expect(a.totals.nonTrainableParams).toBe(32);
    expect(a.totals.outputShape).toEqual([10]);
  });

  it('round-trips exactly (save → load deep-equal, and save is stable text)', () => {
    const r = parseDesignFile(fixtureText);
    if (!r.ok) throw new Error(r.error);
    expect(serializeDesign(r.design)).toBe(fixtureText);

    const d: Design = emptyDesign('round trip');
    for (const kind of [
      'input',
      'conv',
      'depthwise-conv',
      'max-pool',
      'batch-norm',
      'activation',
      'global-pool',
      'dropout',
      'dense',
      'output',
    ] as const) {
      d.blocks.push(createBlock(kind, d, { x: d.blocks.length * 3.5, y: 50 - d.blocks.length * 100 }));
    }
    d.blocks.push(createBlock('concatenate', d), createBlock('add', d), createBlock('flatten', d), createBlock('encoding', d));
    d.blocks.push(createBlock('separable-conv', d), createBlock('receptive-field-conv', d, undefined, { dilation: [3, 2], padding: 'valid' }));
    d.edges.push({ id: 'e-1', source: d.blocks[0].id, target: d.blocks[1].id, targetIndex: 0 });
    d.edges.push({ id: 'e-2', source: d.blocks[1].id, target: d.blocks[10].id, targetIndex: 1 });
    const text = serializeDesign(d);
    const back = parseDesignFile(text);
    expect(back).toEqual({ ok: true, design: d });
    expect(serializeDesign((back as { design: Design }).design)).toBe(text);
    expect(JSON.parse(text).version).toBe(DESIGN_FILE_VERSION);
    expect(JSON.parse(text).format).toBe('sora-design');
    expect(text).toContain('"kernelSize": [3, 3]');
  });

  it('round-trips every built-in template', () => {
    expect(TEMPLATES.length).toBeGreaterThan(0);
    for (const t of TEMPLATES) {
      const d = t.build();
      expect([t.id, parseDesignFile(serializeDesign(d))]).toEqual([t.id, { ok: true, design: d }]);
    }
  });

  it('fills missing params with defaults', () => {
    const obj = fixtureJson();
    obj.blocks[2].params = { filters: 8 };
    const r = parseObj(obj);
    if (!r.ok) throw new Error(r.error);
    expect(r.design.blocks[2].params).toEqual({
      kernelSize: [3, 3],
      filters: 8,
      strides: [1, 1],
      padding: 'same',
      dilation: [2, 2],
      activation: 'relu',
      useBias: true,
      batchNorm: false,
    });
  });

  it('names the path of a wrongly typed param', () => {
    const obj = fixtureJson();
    obj.blocks[2].params = { ...(obj.blocks[2].params as object), filters: 'many' };
    expect(errorOf(parseObj(obj))).toBe(
      `blocks[2].params.filters: expected a number, got the string "many" (receptive-field-conv 'receptive_field_conv_1')`,
    );
    obj.blocks[2].params = { ...(obj.blocks[2].params as object), filters: 2.5 };
    expect(errorOf(parseObj(obj))).toMatch(/^blocks\[2\]\.params\.filters: expected an integer, got the number 2\.5/);
  });

  it('keeps out-of-range values for the analysis to report; rejects unknown params and bad enum values', () => {
    const obj = fixtureJson();
    obj.blocks[1].params = { ...(obj.blocks[1].params as object), filters: 0 };
    const r = parseObj(obj);
    if (!r.ok) throw new Error(r.error);
    expect(r.design.blocks[1].params.filters).toBe(0);
    const issue = analyzeDesign(r.design).issues.find((i) => i.code === 'invalid-param');
    expect(issue?.message).toMatch(/^separable_conv_1: Filters must be an integer between 1 and \d+ \(got 0\)/);
    expect(parseDesignFile(serializeDesign(r.design))).toEqual(r);
    obj.blocks[1].params = { filters: 4, kernel: 3 };
    expect(errorOf(parseObj(obj))).toMatch(/^blocks\[1\]\.params: unknown parameter 'kernel'/);
    obj.blocks[1].params = { padding: 'full' };
    expect(errorOf(parseObj(obj))).toMatch(/^blocks\[1\]\.params\.padding: expected "same" or "valid", got the string "full"/);
  });

  it('reports unknown kinds, missing edge ends, duplicate ids and structural problems', () => {
    const obj = fixtureJson();
    obj.blocks[1].kind = 'foo';
    expect(errorOf(parseObj(obj))).toMatch(/^unknown block kind 'foo' in blocks\[1\]/);

    const o2 = fixtureJson();
    o2.edges[2].target = 'b9';
    expect(errorOf(parseObj(o2))).toBe(`edge e3 references missing block 'b9'`);

    const o3 = fixtureJson();
    o3.blocks[3].id = 'b_sep1';
    expect(errorOf(parseObj(o3))).toMatch(/^duplicate block id 'b_sep1' in blocks\[3\]/);

    const o4 = fixtureJson();
    delete o4.blocks[0].position;
    expect(errorOf(parseObj(o4))).toBe('blocks[0].position: is missing (expected an object)');

    const o6 = fixtureJson();
    o6.edges[1].id = '';
    expect(errorOf(parseObj(o6))).toBe('edges[1].id: must not be empty');

    const o5 = fixtureJson();
    o5.edges[0].targetIndex = -1;
    expect(errorOf(parseObj(o5))).toMatch(/^edges\[0\]\.targetIndex: expected a value ≥ 0/);
  });

  it('checks format and version', () => {
    const obj = fixtureJson();
    obj.version = 7;
    expect(errorOf(parseObj(obj, 'new.sora.json'))).toBe('new.sora.json: version 7 is newer than this app supports (1); update Sora Designer');
    expect(errorOf(parseObj({ blocks: [] }))).toMatch(/^not a Sora design file: it has no "format"/);
    expect(errorOf(parseObj([1, 2]))).toMatch(/^not a Sora design file: expected a JSON object/);
  });

  it('reports JSON syntax errors with line and column', () => {
    const text = '{\n  "format": "sora-design",\n  "version": 1 x\n}';
    expect(errorOf(parseDesignFile(text, 'bad.json'))).toMatch(/^bad\.json: not JSON: .* at line 3 column 16/);
    expect(errorOf(parseDesignFile('{"format": "sora-design"'))).toMatch(/^not JSON: .*line 1/);
    expect(errorOf(parseDesignFile('   '))).toBe('not JSON: the file is empty');
  });
});
