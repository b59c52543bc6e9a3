import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeDesign } from '../core/graph/analyze';
import { ACTIVATIONS, type BlockKind, type BlockParams, type Design, type Pair } from '../core/graph/types';
import { compileDesign } from './compile';
import { TemplateBuilder } from '../test-support/designs';
import { expectModelMatchesAnalysis } from '../test-support/model-checks';

/** Reads choices from a fixed stream of random naturals (fast-check shrinks the stream). */
class Choices {
  private i = 0;
  constructor(private readonly xs: readonly number[]) {}
  int(lo: number, hi: number): number {
    const v = this.xs[this.i++ % this.xs.length];
    return lo + (v % (hi - lo + 1));
  }
  pick<T>(options: readonly T[]): T {
    return options[this.int(0, options.length - 1)];
  }
  bool(): boolean {
    return this.int(0, 1) === 1;
  }
}

type Hwc = [number, number, number];
/** 'free': anything legal; 'spatial': keep H×W (same padding, stride 1); 'all': keep H×W×C. */
type Mode = 'free' | 'spatial' | 'all';

const CONV_KINDS = ['separable-conv', 'receptive-field-conv', 'conv', 'depthwise-conv'] as const;
const SHAPE_KEEPERS = ['batch-norm', 'activation', 'dropout'] as const;

const outLen = (n: number, k: number, s: number, pad: string) => (pad === 'same' ? Math.ceil(n / s) : Math.floor((n - k) / s) + 1);

/** Builds a random valid design, tracking shapes so every choice is legal. */
class RandomDesign {
  readonly b = new TemplateBuilder('random net');
  constructor(private readonly c: Choices) {}

  add(kind: BlockKind, params: Partial<BlockParams>, inputs: string[]): string {
    return this.b.add(kind, params, inputs);
  }

  conv(kind: (typeof CONV_KINDS)[number], from: string, s: Hwc, mode: Mode): [string, Hwc] {
    const c = this.c;
    const kernel: Pair = c.bool() ? [c.pick([1, 2, 3, 5]), c.pick([1, 2, 3])] : ((k) => [k, k] as Pair)(c.pick([1, 2, 3, 5]));
    const dilation: Pair =
      kind === 'receptive-field-conv'
        ? c.pick<Pair>([
            [2, 2],
            [3, 3],
            [2, 3],
            [1, 1],
          ])
        : c.pick<Pair>([
            [1, 1],
            [1, 1],
            [2, 2],
            [2, 3],
          ]);
    const dilated = dilation[0] > 1 || dilation[1] > 1;
    const strides: Pair =
      mode === 'free' && !dilated
        ? c.pick<Pair>([
            [1, 1],
            [2, 2],
            [1, 2],
          ])
        : [1, 1];
    const eff = [(kernel[0] - 1) * dilation[0] + 1, (kernel[1] - 1) * dilation[1] + 1];
    const padding = mode === 'free' && eff[0] <= s[0] && eff[1] <= s[1] && c.bool() ? 'valid' : 'same';
    const filters = mode === 'all' ? s[2] : c.int(1, 6);
    const depthMultiplier = mode === 'all' ? 1 : c.int(1, 2);
    const params: Partial<BlockParams> = {
      kernelSize: kernel,
      strides,
      padding,
      dilation,
      activation: c.pick(ACTIVATIONS),
      useBias: c.bool(),
      batchNorm: c.bool(),
    };
    if (kind === 'depthwise-conv') params.depthMultiplier = depthMultiplier;
    else params.filters = filters;
    if (kind === 'separable-conv') params.depthMultiplier = depthMultiplier;
    const ch = kind === 'depthwise-conv' ? s[2] * depthMultiplier : filters;
    const out: Hwc = [outLen(s[0], eff[0], strides[0], padding), outLen(s[1], eff[1], strides[1], padding), ch];
    return [this.add(kind, params, [from]), out];
  }

  keeper(from: string, s: Hwc): [string, Hwc] {
    const kind = this.c.pick(SHAPE_KEEPERS);
    const params: Partial<BlockParams> =
      kind === 'activation' ? { activation: this.c.pick(ACTIVATIONS) } : kind === 'dropout' ? { rate: this.c.pick([0, 0.3]) } : {};
    return [this.add(kind, params, [from]), s];
  }

  pool(from: string, s: Hwc): [string, Hwc] {
    const c = this.c;
    const poolSize = c.pick<Pair>([
      [2, 2],
      [3, 3],
      [2, 3],
      [1, 2],
    ]);
    const strides = c.pick<Pair>([[1, 1], [2, 2], poolSize]);
    const padding = poolSize[0] <= s[0] && poolSize[1] <= s[1] && c.bool() ? 'valid' : 'same';
    const out: Hwc = [outLen(s[0], poolSize[0], strides[0], padding), outLen(s[1], poolSize[1], strides[1], padding), s[2]];
    return [this.add(c.bool() ? 'max-pool' : 'avg-pool', { poolSize, strides, padding }, [from]), out];
  }

  chain(from: string, s: Hwc, mode: Mode, length: number): [string, Hwc] {
    let cur: [string, Hwc] = [from, s];
    for (let i = 0; i < length; i++) {
      const r = this.c.int(0, 9);
      if (r < 6) cur = this.conv(this.c.pick(CONV_KINDS), cur[0], cur[1], mode);
      else if (r < 8 && mode === 'free') cur = this.pool(cur[0], cur[1]);
      else cur = this.keeper(cur[0], cur[1]);
    }
    return cur;
  }

  branch(from: string, s: Hwc): [string, Hwc] {
    const merge = this.c.bool() ? 'add' : 'concatenate';
    const mode: Mode = merge === 'add' ? 'all' : 'spatial';
    const a = this.chain(from, s, mode, this.c.int(1, 2));
    const b = this.c.bool() ? ([from, s] as [string, Hwc]) : this.chain(from, s, mode, this.c.int(1, 2));
    const ch = merge === 'add' ? s[2] : a[1][2] + b[1][2];
    return [this.add(merge, {}, [a[0], b[0]]), [s[0], s[1], ch]];
  }

  tail(from: string, s: Hwc): void {
    const c = this.c;
    let cur = from;
    const r = c.int(0, 2);
    if (r === 0) {
      const poolSize = c.pick<Pair>([
        [2, 2],
        [3, 2],
      ]);
      const canPool = poolSize[0] <= s[0] && poolSize[1] <= s[1];
      cur = this.add(
        'encoding',
        {
          pool: canPool ? c.pick(['none', 'max', 'avg']) : 'none',
          poolSize,
          mode: c.pick(['flatten', 'global-avg', 'global-max']),
          embeddingUnits: c.pick([0, 0, 4, 7]),
          embeddingActivation: c.pick(ACTIVATIONS),
          dropout: c.pick([0, 0.2]),
        },
        [cur],
      );
    } else {
      cur = r === 1 ? this.add('flatten', {}, [cur]) : this.add('global-pool', { mode: c.pick(['avg', 'max']) }, [cur]);
      if (c.bool()) cur = this.add('batch-norm', { momentum: 0.9, epsilon: 0.01 }, [cur]);
      if (c.bool()) cur = this.add('dense', { units: c.int(2, 6), activation: c.pick(ACTIVATIONS), useBias: c.bool() }, [cur]);
    }
    this.add('output', { units: c.int(1, 5), activation: c.pick(['softmax', 'sigmoid', 'linear']), useBias: c.bool() }, [cur]);
  }
}

function randomDesign(stream: readonly number[]): Design {
  const c = new Choices(stream);
  const g = new RandomDesign(c);
  const s: Hwc = [c.int(3, 12), c.int(3, 12), c.int(1, 3)];
  let cur: [string, Hwc] = [g.add('input', { height: s[0], width: s[1], channels: s[2] }, []), s];
  const stages = c.int(1, 4);
  for (let i = 0; i < stages; i++) cur = c.int(0, 3) === 0 ? g.branch(cur[0], cur[1]) : g.chain(cur[0], cur[1], 'free', 1);
  g.tail(cur[0], cur[1]);
  return g.b.build();
}

describe('compileDesign on random valid designs (property)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('params, trainable/non-trainable weights, output and per-block shapes match the analysis; predict runs', () => {
    let merges = 0;
    let dilated = 0;
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 1_000_000 }), { minLength: 120, maxLength: 120 }), (stream) => {
        const d = randomDesign(stream);
        const a = analyzeDesign(d);
        expect(a.issues.filter((i) => i.severity === 'error').map((i) => i.message)).toEqual([]);
        if (d.blocks.some((b) => b.kind === 'add' || b.kind === 'concatenate')) merges++;
        if (d.blocks.some((b) => Array.isArray(b.params.dilation) && (b.params.dilation as Pair).some((v) => v > 1))) dilated++;
        const model = compileDesign(d);
        try {
          expectModelMatchesAnalysis(model, d, a);
          const inShape = a.blocks[0].outputShape as number[];
          const y = tf.tidy(() => model.predict(tf.ones([2, ...inShape])) as tf.Tensor);
          expect(y.shape).toEqual([2, ...(a.totals.outputShape as number[])]);
          y.dispose();
        } finally {
          model.dispose();
        }
      }),
      { numRuns: 80, seed: 20261129 },
    );
    // the generator really exercises merges and dilations
    expect(merges).toBeGreaterThan(10);
    expect(dilated).toBeGreaterThan(20);
  });
});
