/**
 * The Explore panel's form as plain data, and what it means for the core (pure, no React): the vary axes it
 * spells, the constraints, and the instant preview (candidates, which constraint removed how many, the
 * successive-halving plan) — all computed by src/core/explore.
 */
import { generateCandidates } from '../../core/explore/candidates';
import { filterByConstraints } from '../../core/explore/constraints';
import { planSuccessiveHalving } from '../../core/explore/halving';
import type { Constraints, ConstraintFilterResult, GenerationResult, HalvingPlan, VaryAxis } from '../../core/explore/types';
import { parseVaryAxis } from '../../core/explore/vary-spec';
import { DILATION_KINDS } from '../../core/explore/vary';
import type { Design } from '../../core/graph/types';
import { errorMessage } from '../../core/result';

export interface AxisField {
  on: boolean;
  /** Comma-separated values, e.g. "1, 2, 3". */
  values: string;
}

export interface ExploreForm {
  width: AxisField;
  /** Dilation per receptive-field block, by block name. */
  dilation: Record<string, AxisField>;
  /** Further axes in the `cli explore --vary` syntax, one per line (filters:…, kernel:…, depth:…, res=…). */
  more: string;
  maxParams?: number;
  maxMacs?: number;
  budgetSeconds: number;
}

export const DEFAULT_BUDGET_SECONDS = 300;

export const DEFAULT_FORM: ExploreForm = {
  width: { on: true, values: '0.5, 0.75, 1, 1.5' },
  dilation: {},
  more: '',
  budgetSeconds: DEFAULT_BUDGET_SECONDS,
};

/** Names of the design's receptive-field blocks (the ones whose dilation can vary). */
export function dilationBlocks(design: Design): string[] {
  return design.blocks.filter((b) => DILATION_KINDS.includes(b.kind)).map((b) => b.name);
}

/** A block's dilation field: the form's, or off with the default values {1, 2, 3}. */
export function dilationField(form: ExploreForm, block: string): AxisField {
  return form.dilation[block] ?? { on: false, values: '1, 2, 3' };
}

function parseValues(text: string, what: string): { values: number[]; problem?: string } {
  const parts = text.split(/[,\s]+/).filter((s) => s !== '');
  const values = parts.map(Number);
  const bad = parts.find((_, i) => !Number.isFinite(values[i]));
  if (bad !== undefined) return { values: [], problem: `${what}: '${bad}' is not a number` };
  if (values.length === 0) return { values: [], problem: `${what}: list at least one value` };
  return { values: [...new Set(values)] };
}

/** The vary axes the form spells, or the problems found (each naming the field). */
export function axesFromForm(design: Design, form: ExploreForm): { axes: VaryAxis[]; problems: string[] } {
  const axes: VaryAxis[] = [];
  const problems: string[] = [];
  if (form.width.on) {
    const w = parseValues(form.width.values, 'Width');
    if (w.problem) problems.push(w.problem);
    else axes.push({ kind: 'width', values: w.values });
  }
  for (const block of dilationBlocks(design)) {
    const f = dilationField(form, block);
    if (!f.on) continue;
    const d = parseValues(f.values, `Dilation of ${block}`);
    if (d.problem) problems.push(d.problem);
    else axes.push({ kind: 'dilation', block, values: d.values });
  }
  for (const line of form.more
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)) {
    try {
      axes.push(parseVaryAxis(line));
    } catch (e) {
      problems.push(errorMessage(e).replace(/^--vary /, ''));
    }
  }
  return { axes, problems };
}

export function constraintsFromForm(form: ExploreForm): Constraints {
  return {
    ...(form.maxParams !== undefined ? { maxParams: form.maxParams } : {}),
    ...(form.maxMacs !== undefined ? { maxMacs: form.maxMacs } : {}),
  };
}

export interface SearchPreview {
  axes: VaryAxis[];
  constraints: Constraints;
  generation: GenerationResult | null;
  filtered: ConstraintFilterResult | null;
  plan: HalvingPlan | null;
  /** Why the search cannot start (bad field, no candidate, bad budget), or empty. */
  problems: string[];
}

/** Everything the panel shows before Start, straight from the core (bounded: at most 32 candidates are built). */
export function previewSearch(design: Design, form: ExploreForm): SearchPreview {
  const { axes, problems } = axesFromForm(design, form);
  const constraints = constraintsFromForm(form);
  const empty: SearchPreview = { axes, constraints, generation: null, filtered: null, plan: null, problems };
  if (problems.length > 0) return empty;
  if (axes.length === 0) return { ...empty, problems: ['Choose at least one thing that may vary.'] };
  let generation: GenerationResult;
  try {
    generation = generateCandidates(design, { axes });
  } catch (e) {
    return { ...empty, problems: [errorMessage(e)] };
  }
  const filtered = filterByConstraints(generation.candidates, constraints);
  const out: SearchPreview = { ...empty, generation, filtered };
  if (filtered.kept.length === 0) return { ...out, problems: ['No candidate meets the constraints.'] };
  if (!(form.budgetSeconds > 0 && Number.isFinite(form.budgetSeconds)))
    return { ...out, problems: ['The time budget must be a positive number of seconds.'] };
  return { ...out, plan: planSuccessiveHalving(filtered.kept.length, form.budgetSeconds) };
}
