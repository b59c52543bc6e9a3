import type { BlockKind, Cost, ReceptiveField, Shape } from './types';

/** A validation problem, attached to the block (and/or edge) at fault when there is one. */
export interface GraphIssue {
  severity: 'error' | 'warning';
  /** Stable machine code, e.g. 'cycle', 'missing-input', 'merge-shape-mismatch'. */
  code: string;
  message: string;
  blockId?: string;
  edgeId?: string;
}

/** Per-block results of analysis. Shape/cost are null when the block could not be resolved. */
export interface BlockStats {
  blockId: string;
  name: string;
  kind: BlockKind;
  inputShapes: Shape[];
  outputShape: Shape | null;
  cost: Cost | null;
  receptiveField: ReceptiveField | null;
  /** Output activation size: elements and float32 bytes (batch of 1). */
  activationElements: number;
  activationBytes: number;
}

export interface GraphTotals extends Cost {
  /** Sum of every block's output activations (float32 bytes, batch of 1), input included. */
  activationBytes: number;
  activationElements: number;
  /** Largest single activation in bytes (peak-memory hint). */
  peakActivationBytes: number;
  /** Receptive field at the output block (or the last resolved block). */
  receptiveField: ReceptiveField | null;
  outputShape: Shape | null;
}

export interface GraphAnalysis {
  /** True when there are no 'error' issues. */
  valid: boolean;
  issues: GraphIssue[];
  /** In topological order (blocks inside a cycle are appended at the end, unresolved). */
  blocks: BlockStats[];
  byId: Record<string, BlockStats>;
  totals: GraphTotals;
  /** Block ids in topological order (only the acyclic part). */
  order: string[];
}
