import { describe, expect, it } from 'vitest';
import { layeredLayout, type LayoutBox } from './layered-layout';

const box = (id: string): LayoutBox => ({ id, width: 100, height: 40 });
const opts = { rankSep: 50, nodeSep: 40 };

function overlaps(a: { x: number; y: number }, b: { x: number; y: number }): boolean {
  return Math.abs(a.x - b.x) < 100 && Math.abs(a.y - b.y) < 40;
}

describe('layered layout', () => {
  it('puts a chain in one column, top to bottom', () => {
    const ids = ['a', 'b', 'c', 'd'];
    const p = layeredLayout(
      ids.map(box),
      [
        { source: 'a', target: 'b' },
        { source: 'b', target: 'c' },
        { source: 'c', target: 'd' },
      ],
      opts,
    );
    expect(ids.map((id) => p.get(id))).toEqual([
      { x: 0, y: 0 },
      { x: 0, y: 90 },
      { x: 0, y: 180 },
      { x: 0, y: 270 },
    ]);
  });

  it('places branches side by side under their input and a merge below both, without overlaps', () => {
    const links = [
      { source: 'in', target: 'l' },
      { source: 'in', target: 'r' },
      { source: 'l', target: 'm' },
      { source: 'r', target: 'm' },
      { source: 'in', target: 'm' },
    ];
    const p = layeredLayout(['in', 'l', 'r', 'm'].map(box), links, opts);
    const [inP, l, r, m] = ['in', 'l', 'r', 'm'].map((id) => p.get(id)!);
    expect(l.y).toBe(r.y);
    expect(l.y).toBeGreaterThan(inP.y);
    expect(m.y).toBeGreaterThan(l.y);
    expect(r.x - l.x).toBe(140);
    expect(overlaps(l, r)).toBe(false);
  });

  it('lays out blocks stuck in a cycle below the rest instead of failing', () => {
    const links = [
      { source: 'in', target: 'x' },
      { source: 'x', target: 'y' },
      { source: 'y', target: 'x' },
    ];
    const p = layeredLayout(['in', 'x', 'y'].map(box), links, opts);
    expect(p.size).toBe(3);
    const all = [...p.values()];
    for (let i = 0; i < all.length; i++) for (let j = i + 1; j < all.length; j++) expect(overlaps(all[i], all[j])).toBe(false);
  });

  it('handles a 10,000-block chain with a cycle at its end without recursion', () => {
    const n = 10_000;
    const boxes = Array.from({ length: n }, (_, i) => box(`b${i}`));
    const links = Array.from({ length: n - 1 }, (_, i) => ({ source: `b${i}`, target: `b${i + 1}` }));
    links.push({ source: `b${n - 1}`, target: `b${n - 5}` });
    const p = layeredLayout(boxes, links, opts);
    expect(p.size).toBe(n);
    expect(p.get('b9000')!.y).toBe(9000 * 90);
  });
});
