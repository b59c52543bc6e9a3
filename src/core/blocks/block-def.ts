import type { BlockKind, BlockParams, Cost, Pair, ReceptiveField, Shape, ShapeResult } from '../graph/types';

/**
 * Describes one editable parameter. The inspector form, the design-file schema and
 * parameter validation are all generated from these descriptors.
 */
export type FieldSpec =
  | {
      type: 'int';
      key: string;
      label: string;
      default: number;
      min: number;
      max: number;
      unit?: string;
      help?: string;
    }
  | {
      type: 'float';
      key: string;
      label: string;
      default: number;
      min: number;
      max: number;
      /** When true the value must be strictly below max (e.g. dropout rate < 1). */
      maxExclusive?: boolean;
      step?: number;
      unit?: string;
      help?: string;
    }
  | {
      /** [height, width] pair of integers (kernel size, strides, dilation, pool size). */
      type: 'pair';
      key: string;
      label: string;
      default: Pair;
      min: number;
      max: number;
      unit?: string;
      help?: string;
    }
  | {
      type: 'enum';
      key: string;
      label: string;
      default: string;
      options: readonly string[];
      help?: string;
    }
  | { type: 'bool'; key: string; label: string; default: boolean; help?: string };

/** Context handed to a block's functions: its (already validated) params and its inputs. */
export interface BlockContext<P extends BlockParams = BlockParams> {
  params: P;
  /** Output shapes of the blocks feeding this one, in input order. */
  inputShapes: readonly Shape[];
}

export interface BlockDef<P extends BlockParams = BlockParams> {
  kind: BlockKind;
  /** Palette / inspector label, e.g. "Separable Conv". */
  label: string;
  category: 'sora' | 'helper';
  description: string;
  fields: readonly FieldSpec[];
  /** Allowed number of inputs: input block {0,0}, merges {2, Infinity}, others {1,1}. */
  inputs: { min: number; max: number };
  /** Output shape from input shapes, or a message naming the problem. */
  inferShape(ctx: BlockContext<P>): ShapeResult;
  /** Exact cost of the block given valid inputs and its inferred output shape. */
  cost(ctx: BlockContext<P>, output: Shape): Cost;
  /**
   * Receptive field after this block given the fields of its inputs (a merge takes the largest).
   * The input block returns size [1,1], jump [1,1].
   */
  receptiveField(ctx: BlockContext<P>, inputFields: readonly ReceptiveField[]): ReceptiveField;
  /** Extra rule checks on params alone (e.g. stride > 1 with dilation > 1), as messages. */
  checkParams?(params: P): string[];
}

export const ZERO_COST: Cost = { params: 0, trainableParams: 0, nonTrainableParams: 0, macs: 0, flops: 0 };

export function elementCount(shape: Shape): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function pairOf(v: unknown): Pair {
  if (Array.isArray(v)) return [Number(v[0]), Number(v[1])];
  const n = Number(v);
  return [n, n];
}
