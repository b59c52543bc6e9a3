import { gzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { serializeDesign } from './design-file';
import { describeBinaryBytes, describeBinaryText } from './binary-sniff';
import { loadDesignOrModel, loadDesignOrModelBytes } from './load-any';
import { TEMPLATES } from '../templates';

const bytes = (...b: number[]) => Uint8Array.from(b);
const PNG = bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0);
const JPEG = bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1);
const GIF = new TextEncoder().encode('GIF89a\x01\x00\x01\x00');
const PDF = new TextEncoder().encode('%PDF-1.7\n%âãÏÓ\n');

/** As the page reads a File: bytes decoded as UTF-8 text. */
const asFileText = (b: Uint8Array) => new TextDecoder().decode(b);

describe('binary files opened as designs', () => {
  it('names common binary formats from their first bytes', () => {
    expect(describeBinaryBytes(PNG)).toBe('a PNG image');
    expect(describeBinaryBytes(JPEG)).toBe('a JPEG image');
    expect(describeBinaryBytes(GIF)).toBe('a GIF image');
    expect(describeBinaryBytes(PDF)).toBe('a PDF document');
    expect(describeBinaryBytes(zipSync({ 'a.txt': new Uint8Array(3) }))).toBe('a zip archive');
    expect(describeBinaryBytes(gzipSync(new TextEncoder().encode('{"a":1}')))).toBe('a gzip-compressed file');
    expect(describeBinaryBytes(new Uint8Array(new Float32Array([0.25, -1, 3, 7]).buffer))).toBe('a binary file');
  });

  it('says what the file looks like instead of quoting binary in a JSON error', () => {
    const r = loadDesignOrModel(asFileText(PNG), 'cat.png');
    expect(r.ok ? 'ok' : r.error).toBe('cat.png: this looks like a PNG image, not a design file (.sora.json) or a Keras/tfjs model (model.json)');
    const j = loadDesignOrModel(asFileText(JPEG), 'photo.json');
    expect(j.ok ? 'ok' : j.error).toMatch(/^photo\.json: this looks like a JPEG image, not a design file/);
  });

  it('never flags real design or model text, and leaves ONNX bytes to the ONNX importer', async () => {
    for (const t of TEMPLATES) expect(describeBinaryText(serializeDesign(t.build())), t.id).toBeNull();
    expect(describeBinaryText('\uFEFF{"format": "sora-design", "name": "naïve – ünïcödé ✓"}')).toBeNull();
    expect(describeBinaryText('  \n\t{"modelTopology": {}}')).toBeNull();
    const design = await loadDesignOrModelBytes(new TextEncoder().encode(serializeDesign(TEMPLATES[1].build())), 'x.sora.json');
    expect(design.ok).toBe(true);
  });
});
