import { describe, expect, it } from 'vitest';
import type { Design } from '../graph/types';
import { getTemplate } from '../templates/index';
import { BOX_H, BOX_W, escapeXml, layoutBoxes, renderGraphSvg } from './graph-svg';

describe('renderGraphSvg', () => {
  it.each(['sora-lite-mnist', 'sora-residual', 'mobilenet-v1'])('draws every block of %s with its name, shape and an arrow per edge', (id) => {
    const d = getTemplate(id)!.build();
    const svg = renderGraphSvg(d);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    for (const b of d.blocks) expect(svg).toContain(`>${escapeXml(b.name)}</text>`);
    expect(svg.match(/<g class="block"/g)?.length).toBe(d.blocks.length);
    expect(svg.match(/class="edge"/g)?.length).toBe(d.edges.length);
  });

  it('strips control characters from names so the SVG stays well-formed XML', () => {
    const d = getTemplate('sora-lite-mnist')!.build();
    const evil: Design = {
      ...d,
      name: 'net\u0000\u0007\u001b[31m\ud800',
      blocks: d.blocks.map((b, i) => (i === 0 ? { ...b, name: 'in\u0008put\tA\u0085<b>\uffff' } : b)),
    };
    const svg = renderGraphSvg(evil);
    expect(svg).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]/);
    expect(svg).toContain('>input A&lt;b&gt;</text>');
    expect(svg).toContain('<title>net[31m</title>');
    expect(escapeXml('a\u0000b\ud83d\ude00')).toBe('ab\ud83d\ude00');
  });

  it('shows kind labels and output shapes', () => {
    const svg = renderGraphSvg(getTemplate('sora-lite-mnist')!.build());
    expect(svg).toContain('>Separable Conv · 28×28×32</text>');
    expect(svg).toContain('>169 params · 32,144 MACs</text>');
    expect(svg).toContain('50,451 params');
  });

  it('stacks a chain top to bottom and puts parallel branches side by side without overlap', () => {
    const d = getTemplate('sora-residual')!.build();
    const { boxes, width, height } = layoutBoxes(d);
    expect(boxes).toHaveLength(d.blocks.length);
    for (const a of boxes) {
      expect(a.x).toBeGreaterThanOrEqual(0);
      expect(a.x + BOX_W).toBeLessThanOrEqual(width);
      expect(a.y + BOX_H).toBeLessThanOrEqual(height);
      for (const b of boxes) if (a !== b) expect(Math.abs(a.x - b.x) >= BOX_W || Math.abs(a.y - b.y) >= BOX_H).toBe(true);
    }
    const y = (name: string) => boxes.find((b) => b.id === d.blocks.find((x) => x.name === name)!.id)!.y;
    expect(y('input_1')).toBeLessThan(y('separable_conv_1'));
    expect(y('add_1')).toBeLessThan(y('output_1'));
    // the residual skip (separable_conv_1 → add_1 over two layers) is routed around the right side
    const stem = boxes.find((x) => x.id === 'blk_separable_conv_1')!;
    const svg = renderGraphSvg(d);
    expect(svg).toContain(`d="M ${stem.x + BOX_W} ${stem.y + BOX_H / 2} C `);
    expect(svg.match(/d="M [\d.]+ [\d.]+ C/g)?.length).toBe(d.edges.length);
  });

  it('escapes names and still draws blocks stuck in a cycle', () => {
    const d: Design = {
      name: 'A <&> "B"',
      blocks: [
        { id: 'a', kind: 'dense', name: 'x<y', params: {}, position: { x: 0, y: 0 } },
        { id: 'b', kind: 'dense', name: 'b&c', params: {}, position: { x: 0, y: 0 } },
      ],
      edges: [
        { id: 'e1', source: 'a', target: 'b', targetIndex: 0 },
        { id: 'e2', source: 'b', target: 'a', targetIndex: 0 },
      ],
    };
    const svg = renderGraphSvg(d);
    expect(svg).toContain('>x&lt;y</text>');
    expect(svg).toContain('>b&amp;c</text>');
    expect(svg).toContain('<title>A &lt;&amp;&gt; &quot;B&quot;</title>');
    expect(svg).not.toContain('x<y');
  });
});
