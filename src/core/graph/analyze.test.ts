import { describe, expect, it } from 'vitest';
import { analyzeDesign, cyclePathText } from './analyze';
import type { BlockKind, BlockParams, Design } from './types';

/** Tiny design writer for tests: blocks named by id, edges as [source, target] (input order = list order). */
function design(blocks: [string, BlockKind, BlockParams?][], edges: [string, string][]): Design {
  const count = new Map<string, number>();
  return {
    name: 't',
    blocks: blocks.map(([id, kind, params]) => ({ id, kind, name: id, params: params ?? {}, position: { x: 0, y: 0 } })),
    edges: edges.map(([s, t], i) => {
      const k = count.get(t) ?? 0;
      count.set(t, k + 1);
      return { id: `e${i}`, source: s, target: t, targetIndex: k };
    }),
  };
}

const codes = (d: Design) => analyzeDesign(d).issues.map((i) => `${i.code}@${i.blockId ?? i.edgeId ?? '-'}`);

describe('analyzeDesign: a valid chain', () => {
  const d = design(
    [
      ['in', 'input', { height: 28, width: 28, channels: 1 }],
      ['sep', 'separable-conv', { filters: 8 }],
      ['rf', 'receptive-field-conv', { filters: 8 }],
      ['pool', 'max-pool'],
      ['enc', 'encoding', { mode: 'global-avg' }],
      ['out', 'output', { units: 10 }],
    ],
    [
      ['in', 'sep'],
      ['sep', 'rf'],
      ['rf', 'pool'],
      ['pool', 'enc'],
      ['enc', 'out'],
    ],
  );
  const a = analyzeDesign(d);

  it('is valid with shapes per block in topological order', () => {
    expect(a.valid).toBe(true);
    expect(a.issues).toEqual([]);
    expect(a.order).toEqual(['in', 'sep', 'rf', 'pool', 'enc', 'out']);
    expect(a.byId.rf.outputShape).toEqual([28, 28, 8]);
    expect(a.byId.pool.outputShape).toEqual([14, 14, 8]);
    expect(a.byId.out.inputShapes).toEqual([[8]]);
    expect(a.totals.outputShape).toEqual([10]);
  });

  it('sums exact params and activation memory', () => {
    // sep: 9*1 + 1*8 + 8 = 25; rf: 9*1*... no: rf input has 8 channels: 9*8*8 + 8 = 584; out: 8*10 + 10 = 90
    expect(a.byId.sep.cost?.params).toBe(25);
    expect(a.byId.rf.cost?.params).toBe(584);
    expect(a.totals.params).toBe(25 + 584 + 90);
    const elements = 784 + 784 * 8 + 784 * 8 + 196 * 8 + 8 + 10;
    expect(a.totals.activationElements).toBe(elements);
    expect(a.totals.activationBytes).toBe(elements * 4);
    expect(a.totals.peakActivationBytes).toBe(784 * 8 * 4);
  });

  it('receptive field of a stack with dilation, checked by hand', () => {
    // sep 3×3: 1 + 2 = 3; rf 3×3 d2 (k_eff 5): 3 + 4 = 7; pool 2/2: 7 + 1 = 8, jump 2;
    // global avg over 14×14: 8 + 13*2 = 34, jump 28
    expect(a.byId.sep.receptiveField).toEqual({ size: [3, 3], jump: [1, 1] });
    expect(a.byId.rf.receptiveField).toEqual({ size: [7, 7], jump: [1, 1] });
    expect(a.byId.pool.receptiveField).toEqual({ size: [8, 8], jump: [2, 2] });
    expect(a.totals.receptiveField).toEqual({ size: [34, 34], jump: [28, 28] });
  });

  it('a deeper strided stack', () => {
    const s = analyzeDesign(
      design(
        [
          ['in', 'input', { height: 64, width: 64, channels: 3 }],
          ['c1', 'conv', { strides: [2, 2] }],
          ['c2', 'receptive-field-conv', { dilation: [3, 3] }],
          ['c3', 'separable-conv', { kernelSize: [5, 5], strides: [2, 2] }],
        ],
        [
          ['in', 'c1'],
          ['c1', 'c2'],
          ['c2', 'c3'],
        ],
      ),
    );
    // c1: 3, j2; c2 (k_eff 7): 3 + 6*2 = 15, j2; c3 (5): 15 + 4*2 = 23, j4
    expect(s.byId.c3.receptiveField).toEqual({ size: [23, 23], jump: [4, 4] });
    expect(s.byId.c3.outputShape).toEqual([16, 16, 32]);
  });
});

describe('analyzeDesign: validation issues', () => {
  const base: [string, BlockKind, BlockParams?][] = [
    ['in', 'input', { height: 8, width: 8, channels: 1 }],
    ['c', 'conv', { filters: 4 }],
    ['enc', 'encoding'],
    ['out', 'output'],
  ];
  const chain: [string, string][] = [
    ['in', 'c'],
    ['c', 'enc'],
    ['enc', 'out'],
  ];

  it('missing input', () => {
    expect(
      codes(
        design(base, [
          ['c', 'enc'],
          ['enc', 'out'],
        ]),
      ),
    ).toEqual(['missing-input@c', 'dangling-block@in', 'output-unreachable@out']);
    const a = analyzeDesign(
      design(base, [
        ['c', 'enc'],
        ['enc', 'out'],
      ]),
    );
    expect(a.issues[0].message).toBe('c has no input: connect a block into it');
    expect(a.byId.enc.outputShape).toBeNull();
  });

  it('too many inputs (and into an input block)', () => {
    const d = design([...base, ['c2', 'conv']], [...chain, ['in', 'c2'], ['c2', 'c']]);
    const a = analyzeDesign(d);
    expect(a.issues.find((i) => i.code === 'too-many-inputs')?.message).toBe('c takes 1 input but has 2');
    expect(codes(design(base, [...chain, ['c', 'in']]))).toContain('cycle@in');
  });

  it('cycle, naming the loop', () => {
    const d = design([...base, ['x', 'conv'], ['y', 'conv']], [...chain, ['x', 'y'], ['y', 'x']]);
    const a = analyzeDesign(d);
    const cyc = a.issues.filter((i) => i.code === 'cycle');
    expect(cyc.map((i) => i.blockId).sort()).toEqual(['x', 'y']);
    expect(cyc[0].message).toMatch(/is in a cycle: (x → y → x|y → x → y)$/);
    expect(a.order).not.toContain('x');
    expect(
      a.blocks
        .map((b) => b.blockId)
        .slice(-2)
        .sort(),
    ).toEqual(['x', 'y']);
    const self = design(base, [...chain, ['c', 'c']]);
    expect(codes(self)).toContain('cycle@c');
  });

  it('dangling block (warning) is left out of the totals', () => {
    const d = design([...base, ['extra', 'conv', { filters: 2 }]], [...chain, ['c', 'extra']]);
    const a = analyzeDesign(d);
    expect(a.valid).toBe(true);
    expect(a.issues).toEqual([
      {
        severity: 'warning',
        code: 'dangling-block',
        message: 'extra is not connected to the output; it will not be part of the model',
        blockId: 'extra',
      },
    ]);
    expect(a.byId.extra.cost?.params).toBe(9 * 4 * 2 + 2);
    expect(a.totals.params).toBe(9 * 4 + 4 + 4 * 10 + 10);
  });

  it('merge shape mismatch', () => {
    const d = design(
      [...base, ['c2', 'conv', { filters: 8 }], ['sum', 'add']],
      [
        ['in', 'c'],
        ['in', 'c2'],
        ['c', 'sum'],
        ['c2', 'sum'],
        ['sum', 'enc'],
        ['enc', 'out'],
      ],
    );
    const a = analyzeDesign(d);
    expect(a.issues.map((i) => i.code)).toEqual(['merge-shape-mismatch']);
    expect(a.issues[0].message).toBe('sum: Add needs inputs of the same shape, but input 1 is [8, 8, 4] and input 2 is [8, 8, 8]');
    expect(a.issues[0].blockId).toBe('sum');
    expect(a.issues[0].edgeId).toBe('e3'); // the c2 → sum connection
    expect(a.valid).toBe(false);
  });

  it('concatenate follows targetIndex order', () => {
    const d = design(
      [...base, ['c2', 'conv', { filters: 8 }], ['cat', 'concatenate']],
      [
        ['in', 'c'],
        ['in', 'c2'],
        ['c', 'cat'],
        ['c2', 'cat'],
        ['cat', 'enc'],
        ['enc', 'out'],
      ],
    );
    d.edges[2].targetIndex = 1;
    d.edges[3].targetIndex = 0;
    const a = analyzeDesign(d);
    expect(a.valid).toBe(true);
    expect(a.byId.cat.inputShapes).toEqual([
      [8, 8, 8],
      [8, 8, 4],
    ]);
    expect(a.byId.cat.outputShape).toEqual([8, 8, 12]);
  });

  it('kernel larger than its input with valid padding', () => {
    const d = design(
      [
        ['in', 'input', { height: 4, width: 4, channels: 1 }],
        ['c', 'conv', { kernelSize: [5, 5], padding: 'valid' }],
        ['enc', 'encoding'],
        ['out', 'output'],
      ],
      chain,
    );
    const a = analyzeDesign(d);
    expect(a.issues.map((i) => i.code)).toEqual(['kernel-too-large']);
    expect(a.issues[0].message).toBe("c: Conv kernel 5×5 is larger than its 4×4 input with 'valid' padding");
  });

  it('stride > 1 with dilation > 1', () => {
    const d = design([base[0], ['c', 'receptive-field-conv', { strides: [2, 2] }], base[2], base[3]], chain);
    const a = analyzeDesign(d);
    expect(a.issues.map((i) => `${i.code}@${i.blockId}`)).toEqual(['param-rule@c']);
    expect(a.byId.c.outputShape).toBeNull();
  });

  it('non-positive and non-integer sizes are refused as params', () => {
    const d = design([['in', 'input', { height: 0, width: 8.5, channels: 1 }], base[1], base[2], base[3]], chain);
    const a = analyzeDesign(d);
    expect(a.issues.map((i) => i.message)).toEqual([
      'in: Height must be an integer between 1 and 4096 (got 0)',
      'in: Width must be an integer between 1 and 4096 (got 8.5)',
    ]);
    expect(a.totals.params).toBe(0);
  });

  it('no input / multiple inputs / no output / multiple outputs', () => {
    expect(codes(design([['c', 'conv']], []))).toEqual(['missing-input@c', 'no-input@-', 'no-output@-']);
    const two = design([...base, ['in2', 'input'], ['out2', 'output']], [...chain, ['in2', 'out2']]);
    const c = codes(two);
    expect(c).toContain('multiple-inputs@in2');
    expect(c).toContain('multiple-outputs@out2');
    expect(c).toContain('vector-required@out2');
  });

  it('vector given to a conv; feature map given to the output', () => {
    const d = design(
      [base[0], ['f', 'flatten'], ['c', 'conv'], ['out', 'output']],
      [
        ['in', 'f'],
        ['f', 'c'],
        ['c', 'out'],
      ],
    );
    const a = analyzeDesign(d);
    expect(a.issues.map((i) => i.code)).toEqual(['vector-to-conv']);
    expect(a.issues[0].message).toBe('c: Conv needs a feature map [H, W, C] but gets a vector [64]; move it before the Flatten/Encoding/Dense');
    const e = analyzeDesign(
      design(
        [base[0], base[1], base[3]],
        [
          ['in', 'c'],
          ['c', 'out'],
        ],
      ),
    );
    expect(e.issues[0].message).toBe('out: Output needs a vector: add an Encoding or Flatten before it (got [8, 8, 4])');
  });

  it('names, ids and edges to nowhere', () => {
    const d = design(base, [...chain, ['in', 'ghost']]);
    d.blocks[1].name = 'in';
    d.blocks[2].name = '1 bad name';
    const c = codes(d);
    expect(c).toContain('dangling-edge@in');
    expect(analyzeDesign(d).issues.find((i) => i.code === 'dangling-edge')?.message).toBe(
      "connection e3 refers to a block 'ghost' that does not exist",
    );
    expect(c).toContain('duplicate-name@c');
    expect(c).toContain('invalid-name@enc');
    const dup = design([...base, ['c', 'conv']], chain);
    expect(codes(dup)).toEqual(['duplicate-id@c']);
  });

  it('an unknown kind is an issue, not a throw', () => {
    const d = design(base, chain);
    (d.blocks[1] as { kind: string }).kind = 'lstm';
    const a = analyzeDesign(d);
    expect(a.issues[0]).toEqual({ severity: 'error', code: 'unknown-kind', message: "c: unknown block kind 'lstm'", blockId: 'c' });
    expect(a.byId.out.outputShape).toBeNull();
  });

  it('an empty design has no issues and zero totals', () => {
    const a = analyzeDesign({ name: 'e', blocks: [], edges: [] });
    expect(a.valid).toBe(true);
    expect(a.totals.params).toBe(0);
    expect(a.totals.receptiveField).toBeNull();
  });

  it('is fast: a 200-block graph in well under 2 ms', () => {
    const blocks: [string, BlockKind, BlockParams?][] = [['in', 'input', { height: 32, width: 32, channels: 3 }]];
    const edges: [string, string][] = [];
    let prev = 'in';
    for (let i = 0; i < 197; i++) {
      const id = `b${i}`;
      blocks.push([id, i % 3 === 0 ? 'separable-conv' : i % 3 === 1 ? 'batch-norm' : 'activation']);
      edges.push([prev, id]);
      prev = id;
    }
    blocks.push(['enc', 'encoding'], ['out', 'output']);
    edges.push([prev, 'enc'], ['enc', 'out']);
    const d = design(blocks, edges);
    expect(d.blocks.length).toBe(200);
    for (let i = 0; i < 300; i++) analyzeDesign(d);
    // Best of several batches: robust against other processes preempting this one.
    let ms = Infinity;
    for (let batch = 0; batch < 8; batch++) {
      const t0 = performance.now();
      for (let i = 0; i < 40; i++) analyzeDesign(d);
      ms = Math.min(ms, (performance.now() - t0) / 40);
    }
    expect(analyzeDesign(d).valid).toBe(true);
    console.log(`analyzeDesign, 200 blocks: ${ms.toFixed(3)} ms`);
    expect(ms).toBeLessThan(2);
  });
});

describe('bounded issue text', () => {
  it('reports a 10,000-block cycle once, by a few names and a count', () => {
    const n = 10_000;
    const blocks: [string, BlockKind, BlockParams?][] = [['in', 'input', { height: 8, width: 8, channels: 1 }]];
    const edges: [string, string][] = [];
    for (let i = 0; i < n; i++) {
      blocks.push([`b${i}`, 'batch-norm']);
      edges.push([i === 0 ? 'in' : `b${i - 1}`, `b${i}`]);
    }
    edges.push([`b${n - 1}`, 'b0']);
    const started = performance.now();
    const a = analyzeDesign(design(blocks, edges));
    const cyc = a.issues.filter((i) => i.code === 'cycle');
    expect(cyc).toHaveLength(1);
    expect(cyc[0].message).toMatch(/^b\d+ and 9999 more blocks form a cycle: b\d+ → b\d+ → b\d+ → … → b\d+ → b\d+ → b\d+ → b\d+ \(10000 blocks\)$/);
    expect(a.issues.reduce((s, i) => s + i.message.length, 0)).toBeLessThan(20_000);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('short cycles keep one issue per block with the whole path', () => {
    expect(cyclePathText(['a', 'b', 'c'])).toBe('a → b → c → a');
    expect(cyclePathText(['a', 'b', 'c', 'd', 'e', 'f', 'g'])).toBe('a → b → c → d → e → f → g → a');
    expect(cyclePathText(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'])).toBe('a → b → c → … → f → g → h → a (8 blocks)');
  });
});
