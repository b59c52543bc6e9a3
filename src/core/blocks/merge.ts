import type { Shape, ShapeResult } from '../graph/types';
import type { MergeRule } from './block-def';
import { fail, formatShape, ok } from './shape-utils';

/** One message for a merge whose inputs do not go together (shape inference and canConnect both use it). */
export function mergeMismatchMessage(
  who: string,
  rule: MergeRule,
  first: { name: string; shape: Shape },
  other: { name: string; shape: Shape },
): string {
  return `${who} needs ${rule.needs}, but ${first.name} is ${formatShape(first.shape)} and ${other.name} is ${formatShape(other.shape)}`;
}

/** Shape inference of a merge block: ≥ 2 inputs that agree with the first under `rule`, combined by `combine`. */
export function inferMerge(label: string, rule: MergeRule, inputShapes: readonly Shape[], combine: (shapes: readonly Shape[]) => Shape): ShapeResult {
  if (inputShapes.length < 2) return fail('missing-input', `${label} needs at least 2 inputs (has ${inputShapes.length})`);
  const first = inputShapes[0];
  for (let i = 1; i < inputShapes.length; i++) {
    if (!rule.agree(first, inputShapes[i])) {
      const message = mergeMismatchMessage(label, rule, { name: 'input 1', shape: first }, { name: `input ${i + 1}`, shape: inputShapes[i] });
      return fail('merge-shape-mismatch', message, i);
    }
  }
  return ok(combine(inputShapes));
}
