/**
 * Candidate generation (pure): every combination of the vary axes' values when the grid has at most
 * `maxCandidates` points, else `maxCandidates` distinct points drawn with a seeded generator (each axis value
 * uniformly, the base point first when it is in the grid). Each point becomes a full design, checked with
 * analyzeDesign: invalid ones are dropped and counted by reason, duplicates (same design) dropped and counted.
 */
import { analyzeDesign } from '../graph/analyze';
import type { Design } from '../graph/types';
import { seededRandom } from '../seeded-random';
import type { Candidate, GenerateOptions, GenerationResult, VaryAxis, VarySpec } from './types';
import { applyVariation, baseValue, effectiveChanges, varySpecProblems } from './vary';

export const DEFAULT_MAX_CANDIDATES = 32;

/** Product of the axes' value counts (1 for no axes). */
export function gridSize(axes: readonly VaryAxis[]): number {
  return axes.reduce((n, a) => n * a.values.length, 1);
}

/** Value indices of the base point, or null when some axis does not list the base's own value. */
function basePoint(base: Design, axes: readonly VaryAxis[]): number[] | null {
  const idx = axes.map((a) => a.values.indexOf(baseValue(base, a) ?? Number.NaN));
  return idx.every((i) => i >= 0) ? idx : null;
}

/** Every grid point in row-major order (the last axis varies fastest). */
function gridPoints(axes: readonly VaryAxis[]): number[][] {
  let points: number[][] = [[]];
  for (const a of axes) points = points.flatMap((p) => a.values.map((_, i) => [...p, i]));
  return points;
}

function sampledPoints(axes: readonly VaryAxis[], count: number, seed: number, first: number[] | null): number[][] {
  const rand = seededRandom(seed);
  const seen = new Set<string>();
  const out: number[][] = [];
  const push = (p: number[]) => {
    const key = p.join(',');
    if (seen.has(key)) return;
    seen.add(key);
    out.push(p);
  };
  if (first) push(first);
  for (let tries = 0; out.length < count && tries < count * 100; tries++) {
    push(axes.map((a) => Math.floor(rand() * a.values.length)));
  }
  return out;
}

/** A key equal for designs with the same blocks, params and wiring (ids of copies are deterministic). */
function designKey(d: Design): string {
  return JSON.stringify([d.blocks.map((b) => [b.id, b.kind, b.params]), d.edges.map((e) => [e.source, e.target, e.targetIndex])]);
}

/**
 * Candidates for `spec` around `base`. Throws an Error listing the problems when the spec does not fit the
 * base (unknown block, wrong kind, bad values); the base design is never modified.
 */
export function generateCandidates(base: Design, spec: VarySpec, opts: GenerateOptions = {}): GenerationResult {
  const axes = spec.axes;
  const problems = varySpecProblems(base, axes, opts);
  if (problems.length > 0) throw new Error(problems.join('; '));
  const max = Math.max(1, Math.floor(opts.maxCandidates ?? DEFAULT_MAX_CANDIDATES));
  const size = gridSize(axes);
  const mode = size <= max ? 'grid' : 'random';
  const first = basePoint(base, axes);
  let points = mode === 'grid' ? gridPoints(axes) : sampledPoints(axes, max, opts.seed ?? 1, first);
  if (mode === 'grid' && first) {
    const key = first.join(',');
    points = [first, ...points.filter((p) => p.join(',') !== key)];
  }
  const candidates: Candidate[] = [];
  const invalid = new Map<string, number>();
  const keys = new Set<string>();
  let duplicates = 0;
  for (const point of points) {
    const values = point.map((i, k) => axes[k].values[i]);
    const changes = effectiveChanges(base, axes, values);
    const name = changes.length === 0 ? 'base' : changes.map((c) => c.label).join(', ');
    const design = applyVariation(base, axes, values, `${base.name} [${name}]`);
    const analysis = analyzeDesign(design);
    if (!analysis.valid) {
      const reason = analysis.issues.find((i) => i.severity === 'error')?.message ?? 'invalid design';
      invalid.set(reason, (invalid.get(reason) ?? 0) + 1);
      continue;
    }
    const key = designKey(design);
    if (keys.has(key)) {
      duplicates++;
      continue;
    }
    keys.add(key);
    candidates.push({
      id: `c${candidates.length}`,
      name,
      changes,
      design,
      params: analysis.totals.params,
      macs: analysis.totals.macs,
      isBase: changes.length === 0,
    });
  }
  return {
    candidates,
    gridSize: size,
    mode,
    tried: points.length,
    invalid: [...invalid].map(([reason, count]) => ({ reason, count })),
    duplicates,
  };
}
