/**
 * Types of the architecture explorer (docs/explore.md): what may vary, the candidates generated from a base
 * design, the constraints that filter them, and the successive-halving search that trains the survivors.
 * Pure data: no tfjs, no DOM. The same types serve `cli explore` and the UI panel.
 */
import type { Design } from '../graph/types';

/**
 * One axis of variation. Block-specific axes name the block by its (unique) `name` in the base design.
 * Values are absolute settings, except `width` (a multiplier) and `depth` (how many times the block appears
 * in a row: 1 = as in the base, 2 = the block and one copy after it, …).
 */
export type VaryAxis =
  /** Global width: multiplies `filters` of conv-like blocks, `units` of dense blocks and a non-zero encoding embedding (never the Output's classes); rounded, at least 1. */
  | { kind: 'width'; values: readonly number[] }
  /** Output channels of one conv-like block (separable-conv, conv, receptive-field-conv); overrides `width` for that block. */
  | { kind: 'filters'; block: string; values: readonly number[] }
  /** Square kernel k×k of one windowed conv block (separable-conv, conv, receptive-field-conv, depthwise-conv). */
  | { kind: 'kernel'; block: string; values: readonly number[] }
  /** Dilation rate d×d of one receptive-field-conv block. */
  | { kind: 'dilation'; block: string; values: readonly number[] }
  /** Repeats a single-input block: copies (same params) are chained right after it. */
  | { kind: 'depth'; block: string; values: readonly number[] }
  /** Square input resolution (Input height = width); only when the dataset can be resized to it. */
  | { kind: 'resolution'; values: readonly number[] };

export type VaryKind = VaryAxis['kind'];

/** What may vary: the candidates are the combinations of the axes' values (see generateCandidates). */
export interface VarySpec {
  axes: readonly VaryAxis[];
}

/** One axis set to one value in a candidate, with its short label (e.g. "×0.75", "dil 3"). */
export interface CandidateChange {
  kind: VaryKind;
  /** Block name, for block-specific axes. */
  block?: string;
  value: number;
  label: string;
}

/** A full, valid design derived from the base, with its exact costs (analyzeDesign). */
export interface Candidate {
  /** Stable within one generation: "c0", "c1", … in generation order. */
  id: string;
  /** What changed from the base, e.g. "×0.75, dil 3"; "base" when nothing did. */
  name: string;
  /** Only the axes whose value differs from the base design's. */
  changes: CandidateChange[];
  design: Design;
  params: number;
  macs: number;
  /** True when no axis differs from the base design. */
  isBase: boolean;
}

export interface GenerateOptions {
  /** Grid when the grid has at most this many points, else this many seeded random samples. Default 32. */
  maxCandidates?: number;
  /** Seed of the random sampling. Default 1. */
  seed?: number;
  /** Whether `resolution` may vary (the dataset is resized to the Input block). Default false. */
  resizableInput?: boolean;
}

export interface GenerationResult {
  /** Valid candidates in generation order (base first when it is among them). */
  candidates: Candidate[];
  /** Points in the full grid (product of the axes' value counts). */
  gridSize: number;
  /** 'grid': every point; 'random': `maxCandidates` seeded samples without replacement (base point always kept). */
  mode: 'grid' | 'random';
  /** Points tried (grid or sample) = candidates + invalid + duplicates. */
  tried: number;
  /** Points whose design analyzeDesign refused, counted by reason (the first error message, block-agnostic). */
  invalid: { reason: string; count: number }[];
  /** Points that produced a design identical to an earlier candidate's (e.g. width rounding), dropped. */
  duplicates: number;
}

/** Limits a candidate must meet; absent = no limit. */
export interface Constraints {
  maxParams?: number;
  maxMacs?: number;
  /** Largest measured inference latency (ms, as the caller measured it: see ConstraintFilterInput.latencyMs). */
  maxLatencyMs?: number;
}

export type ConstraintKey = keyof Constraints;

export interface ConstraintFilterResult {
  kept: Candidate[];
  /** Candidates removed by each constraint, checked in this order: maxParams, maxMacs, maxLatencyMs (a candidate counts once, under the first it fails). */
  removedBy: Record<ConstraintKey, number>;
  /** Candidates with no latency measurement while maxLatencyMs is set: kept, listed here. */
  unmeasured: string[];
}

/** One round of successive halving. */
export interface Rung {
  /** 0-based. */
  rung: number;
  /** Candidates trained in this rung. */
  candidates: number;
  /** Training seconds each gets in this rung (b·η^r). */
  secondsEach: number;
}

export interface HalvingPlan {
  eta: number;
  /** Candidates entering rung 0 (may be fewer than offered: see planSuccessiveHalving). */
  candidates: number;
  rungs: Rung[];
  /** Σ candidates × secondsEach over the rungs (= the budget, up to rounding). */
  totalSeconds: number;
}

/** What a trainer reports for one candidate trained for one rung's budget. */
export type TrainOutcome = { ok: true; accuracy: number; testAccuracy?: number; seconds: number; images?: number } | { ok: false; message: string };

/**
 * Final record of one candidate. status 'final': trained in the last rung; 'dropped': not promoted after
 * `rung` (budgetSeconds is the budget it got there); 'failed': training threw or diverged (message);
 * 'skipped': never trained (not among the candidates the budget allowed).
 */
export interface CandidateResult {
  id: string;
  name: string;
  changes: CandidateChange[];
  params: number;
  macs: number;
  isBase: boolean;
  status: 'final' | 'dropped' | 'failed' | 'skipped';
  /** Last rung it was trained in (-1 when skipped). */
  rung: number;
  /** Training seconds of that last rung (0 when skipped). */
  budgetSeconds: number;
  /** Validation accuracy after its last rung (ranking metric); absent when failed or skipped. */
  accuracy?: number;
  /** Test accuracy, when the trainer reports it. */
  testAccuracy?: number;
  message?: string;
}

export interface SearchSummary {
  /** Candidates generated (valid). */
  candidates: number;
  /** After the constraints. */
  feasible: number;
  removedBy: Record<ConstraintKey, number>;
  invalid: { reason: string; count: number }[];
  plan: HalvingPlan;
  /** Best 'final' candidate by the ranking (highest accuracy; ties: fewer MACs, fewer params, earlier id). */
  best: string | null;
  /** Names of the Pareto front (MACs ↓, accuracy ↑) over trained candidates, by MACs ascending. */
  pareto: string[];
}
