import type { BlockKind } from '../graph/types';

/** One block's share of the measured layer-by-layer time. */
export interface BlockLatency {
  /** Block id in the design. */
  id: string;
  name: string;
  kind: BlockKind;
  /** Median milliseconds per batch spent in this block's layers (sum over its layers). */
  ms: number;
  /** ms / sum of all blocks' ms (0 when nothing was timed). */
  share: number;
}

/**
 * One latency measurement of a compiled variant at one batch size (pure data: no tfjs, safe on the page).
 * Times are medians over `runs` timed repeats after warm-up, in milliseconds per batch.
 */
export interface LatencyProfile {
  /** tfjs backend the model ran on ('wasm', 'webgl', 'webgpu', 'cpu'). */
  backend: string;
  /** XNNPACK threads for wasm; null when not applicable or unknown. */
  threads: number | null;
  batch: number;
  /** Timed repeats behind each median. */
  runs: number;
  /** model.predict on the whole batch, fenced by reading the output back. */
  wholeModelMs: number;
  msPerImage: number;
  imagesPerSecond: number;
  /** Sum of the per-layer medians (layer-by-layer run, each layer fenced): the base of the block shares. */
  layersSumMs: number;
  blocks: BlockLatency[];
}

/** The per-variant record the app keeps: one profile per batch size, and where/when it was measured. */
export interface VariantLatency {
  /** Design the numbers belong to (a later edit makes them stale). */
  designKey: string;
  measuredAt: number;
  /** Free-text description of the device/backend line, e.g. "wasm · 1 XNNPACK thread (threaded SIMD build)". */
  backendDetail: string;
  profiles: LatencyProfile[];
}
