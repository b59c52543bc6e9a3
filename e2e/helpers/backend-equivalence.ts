import { gzipSync } from 'node:zlib';
import { analyzeDesign } from '../../src/core/graph/analyze';
import { BLOCK_KINDS, type Design } from '../../src/core/graph/types';
import { TemplateBuilder } from '../../src/core/templates/builder';

/**
 * Helpers of e2e/backend-equivalence.spec.ts: a design using every block kind, a tiny synthetic IDX dataset,
 * and the comparison of two training runs (per-step losses, final weights) within stated tolerances.
 */

/** What a run on one backend produced: the backend that actually ran, per-step losses and the final weights by name. */
export interface BackendRun {
  requested: string;
  backend: string;
  /** Backends tried before, with their errors (e.g. "webgpu: backend 'webgpu' is not available in this build"). */
  tried: string[];
  losses: number[];
  weights: Record<string, number[]>;
}

/** How far a run may be from the reference (wasm). */
export interface Tolerance {
  /** |loss − ref| / max(|ref|, 1e-6) for every step. */
  lossRelative: number;
  /** max |w − ref| over every weight value. */
  weightAbsolute: number;
}

export const EQUIVALENCE_TOLERANCE: Tolerance = { lossRelative: 1e-3, weightAbsolute: 1e-3 };
/**
 * Relative loss difference allowed for Adam runs: Adam's early steps move every weight by about ±lr whatever the
 * size of its gradient, so weights whose gradient is zero up to float rounding move in a direction that the
 * rounding decides (measured: WebGL vs wasm 0.8–1.8% after 5 steps at lr 0.01, weights up to 3e-2 apart).
 */
export const ADAM_LOSS_TOLERANCE = 0.05;

/** Every block kind, with the dilated paths: RF conv d2, dilated separable dm 2 + BN, dilated depthwise valid and same, merges. */
export function everyBlockDesign(classes: number): Design {
  const b = new TemplateBuilder('Every block (backend check)');
  const input = b.add('input', { height: 28, width: 28, channels: 1 });
  const rf = b.add('receptive-field-conv', { filters: 4, kernelSize: [3, 3], dilation: [2, 2], activation: 'relu' }, [input]);
  const sep = b.add('separable-conv', { filters: 4, dilation: [2, 2], depthMultiplier: 2, batchNorm: true, activation: 'relu6' }, [rf]);
  const add = b.add('add', {}, [rf, sep]);
  const dwValid = b.add('depthwise-conv', { dilation: [2, 2], padding: 'valid', activation: 'linear' }, [add]);
  const dwSame = b.add('depthwise-conv', { dilation: [2, 3], depthMultiplier: 2, padding: 'same', activation: 'relu' }, [dwValid]);
  const conv = b.add('conv', { filters: 8, kernelSize: [1, 1], activation: 'relu' }, [dwValid]);
  const cat = b.add('concatenate', {}, [dwSame, conv]);
  const bn = b.add('batch-norm', {}, [cat]);
  const act = b.add('activation', { activation: 'relu' }, [bn]);
  const maxPool = b.add('max-pool', { poolSize: [2, 2] }, [act]);
  const padded = b.add('zero-padding', { top: 0, bottom: 1, left: 2, right: 0 }, [maxPool]);
  const avgPool = b.add('avg-pool', { poolSize: [2, 2] }, [padded]);
  // Dropout draws a new mask from Math.random every step (no backend can match another): rate 0 keeps the layer in.
  const drop = b.add('dropout', { rate: 0 }, [avgPool]);
  const enc = b.add('encoding', { pool: 'max', poolSize: [2, 2], mode: 'flatten', embeddingUnits: 8 }, [drop]);
  const dense = b.add('dense', { units: 12, activation: 'tanh' }, [b.add('flatten', {}, [drop])]);
  const gp = b.add('global-pool', { mode: 'avg' }, [drop]);
  b.add('output', { units: classes, activation: 'softmax' }, [b.add('concatenate', {}, [enc, dense, gp])]);
  const design = b.build();
  const kinds = new Set(design.blocks.map((x) => x.kind));
  const missing = BLOCK_KINDS.filter((k) => !kinds.has(k));
  if (missing.length) throw new Error(`the backend-check design misses block kinds: ${missing.join(', ')}`);
  const analysis = analyzeDesign(design);
  if (!analysis.valid) throw new Error(`the backend-check design is invalid: ${JSON.stringify(analysis.issues)}`);
  return design;
}

/** A gzipped IDX dataset of `classes` classes: class k is a bright bar at row band k plus a per-image shift and a ramp. */
export function syntheticIdxFiles(trainCount: number, testCount: number, classes: number): { name: string; buffer: Buffer }[] {
  const labels = (n: number, offset: number) => Array.from({ length: n }, (_, i) => (i * 7 + offset) % classes);
  const images = (ls: number[]) => {
    const head = Buffer.alloc(16);
    head.writeUInt32BE(0x803, 0);
    head.writeUInt32BE(ls.length, 4);
    head.writeUInt32BE(28, 8);
    head.writeUInt32BE(28, 12);
    const px = Buffer.alloc(ls.length * 784);
    ls.forEach((l, i) => {
      for (let y = 0; y < 28; y++) {
        for (let x = 0; x < 28; x++) {
          const band = Math.floor(y / (28 / classes)) === l;
          const shifted = (x + i) % 9 < 5;
          px[i * 784 + y * 28 + x] = (band && shifted ? 200 : 0) + ((x * 3 + y * 5 + i * 11) % 40);
        }
      }
    });
    return Buffer.concat([head, px]);
  };
  const labelFile = (ls: number[]) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(0x801, 0);
    head.writeUInt32BE(ls.length, 4);
    return Buffer.concat([head, Buffer.from(ls)]);
  };
  const train = labels(trainCount, 0);
  const test = labels(testCount, 3);
  const gz = (name: string, b: Buffer) => ({ name, buffer: Buffer.from(gzipSync(b)) });
  return [
    gz('train-images-idx3-ubyte.gz', images(train)),
    gz('train-labels-idx1-ubyte.gz', labelFile(train)),
    gz('t10k-images-idx3-ubyte.gz', images(test)),
    gz('t10k-labels-idx1-ubyte.gz', labelFile(test)),
  ];
}

/** How a run differs from the reference: worst relative loss difference, worst absolute weight difference and where. */
export interface RunDifference {
  steps: number;
  maxLossRelative: number;
  maxWeightAbsolute: number;
  worstWeight: string;
  /** The weights with the largest max abs difference (name: difference), worst first, at most 6. */
  worstWeights: string[];
  /** Weights present in one run only, or of different sizes (always a failure). */
  structural: string[];
}

export function compareRuns(reference: BackendRun, other: BackendRun): RunDifference {
  const structural: string[] = [];
  if (other.losses.length !== reference.losses.length) structural.push(`${other.losses.length} losses vs ${reference.losses.length}`);
  let maxLossRelative = 0;
  reference.losses.forEach((ref, i) => {
    const v = other.losses[i];
    const d = v === undefined || !Number.isFinite(v) ? Infinity : Math.abs(v - ref) / Math.max(Math.abs(ref), 1e-6);
    maxLossRelative = Math.max(maxLossRelative, d);
  });
  let maxWeightAbsolute = 0;
  let worstWeight = '';
  const perWeight: [string, number][] = [];
  for (const [name, ref] of Object.entries(reference.weights)) {
    const w = other.weights[name];
    if (!w || w.length !== ref.length) {
      structural.push(`weight ${name}: ${w ? `${w.length} values vs ${ref.length}` : 'missing'}`);
      continue;
    }
    let worst = 0;
    for (let i = 0; i < ref.length; i++) {
      const d = Number.isFinite(w[i]) ? Math.abs(w[i] - ref[i]) : Infinity;
      worst = Math.max(worst, d);
      if (d > maxWeightAbsolute) {
        maxWeightAbsolute = d;
        worstWeight = `${name}[${i}]`;
      }
    }
    perWeight.push([name, worst]);
  }
  const worstWeights = perWeight
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([n, d]) => `${n}: ${d.toExponential(1)}`);
  for (const name of Object.keys(other.weights)) if (!(name in reference.weights)) structural.push(`weight ${name}: not in the reference`);
  return { steps: reference.losses.length, maxLossRelative, maxWeightAbsolute, worstWeight, worstWeights, structural };
}

export function describeDifference(d: RunDifference): string {
  const structural = d.structural.length ? `; structural: ${d.structural.join('; ')}` : '';
  return `${d.steps} steps: max loss rel diff ${d.maxLossRelative.toExponential(2)}, max weight abs diff ${d.maxWeightAbsolute.toExponential(2)} (${d.worstWeights.join(', ')})${structural}`;
}

export function withinTolerance(d: RunDifference, t: Tolerance = EQUIVALENCE_TOLERANCE): boolean {
  return d.structural.length === 0 && d.maxLossRelative <= t.lossRelative && d.maxWeightAbsolute <= t.weightAbsolute;
}
