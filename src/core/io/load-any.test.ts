import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeDesign } from '../graph/analyze';
import { loadDesignOrModel } from './load-any';

const FIXTURES = path.join(__dirname, '__fixtures__');
const read = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8');

describe('loadDesignOrModel', () => {
  it('detects a Sora design file', () => {
    const r = loadDesignOrModel(read('sora-small.sora.json'), 'sora-small.sora.json');
    if (!r.ok) throw new Error(r.error);
    expect(r.source).toBe('design');
    expect(r.warnings).toEqual([]);
    expect(analyzeDesign(r.design).totals.params).toBe(4499);
  });

  it('detects tfjs model.json and Keras to_json files', () => {
    const tfjs = loadDesignOrModel(read('keras2-functional-model-config.model.json'), 'm.model.json');
    if (!tfjs.ok) throw new Error(tfjs.error);
    expect(tfjs.source).toBe('keras');
    expect(analyzeDesign(tfjs.design).totals.params).toBe(6842);
    const k3 = loadDesignOrModel(read('keras3-sequential.json'), 'k3.json');
    expect(k3.ok && k3.source).toBe('keras');
    expect(k3.ok && k3.design.name).toBe('k3');
  });

  it('gives one clear error for everything else', () => {
    expect(loadDesignOrModel('{"a": 1,}', 'x.json')).toEqual({ ok: false, error: expect.stringMatching(/^x\.json: not JSON: .*line 1 column 9/) });
    expect(loadDesignOrModel('{"name": "x"}', 'y.json')).toEqual({
      ok: false,
      error:
        'y.json: not a Sora design (.sora.json) or a Keras/tfjs model (model.json): no "format": "sora-design", "modelTopology" or "class_name" found',
    });
    const badDesign = JSON.parse(read('sora-small.sora.json'));
    badDesign.blocks[4].kind = 'transformer';
    expect(loadDesignOrModel(JSON.stringify(badDesign), 'd.json')).toEqual({
      ok: false,
      error: "d.json: unknown block kind 'transformer' in blocks[4]",
    });
    expect(loadDesignOrModel('[{"paths": ["a.bin"], "weights": []}]', 'w.json')).toEqual({
      ok: false,
      error: 'w.json: has no modelTopology: it holds only weights (a weights manifest)',
    });
  });
});
