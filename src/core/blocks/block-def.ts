import type { BlockParams, Cost, Pair, ReceptiveField, Shape, ShapeResult } from '../graph/types';

/**
 * The shape of a block kind's definition (one file per kind in this folder, listed once in registry.ts).
 * A definition holds everything the app needs about its kind: the editable fields (the params type is
 * derived from them), shape inference, cost, receptive field, the Keras layers it lowers to, merge rules
 * and view hints.
 */

interface FieldBase<K extends string> {
  key: K;
  label: string;
  help?: string;
}

export interface IntField<K extends string = string> extends FieldBase<K> {
  type: 'int';
  default: number;
  min: number;
  max: number;
  unit?: string;
}

export interface FloatField<K extends string = string> extends FieldBase<K> {
  type: 'float';
  default: number;
  min: number;
  max: number;
  /** When true the value must be strictly below max (e.g. dropout rate < 1). */
  maxExclusive?: boolean;
  step?: number;
  unit?: string;
}

/** [height, width] pair of integers (kernel size, strides, dilation, pool size). */
export interface PairField<K extends string = string> extends FieldBase<K> {
  type: 'pair';
  default: Pair;
  min: number;
  max: number;
  unit?: string;
}

export interface EnumField<K extends string = string, O extends string = string> extends FieldBase<K> {
  type: 'enum';
  default: O;
  options: readonly O[];
}

export interface BoolField<K extends string = string> extends FieldBase<K> {
  type: 'bool';
  default: boolean;
}

/**
 * Describes one editable parameter. The inspector form, the design-file schema, parameter validation
 * and the params type of the block (ParamsOf) are all generated from these descriptors.
 */
export type FieldSpec<K extends string = string> = IntField<K> | FloatField<K> | PairField<K> | EnumField<K> | BoolField<K>;

/** The value type one field holds: int/float → number, pair → Pair, bool → boolean, enum → its options. */
export type FieldValue<F> = F extends { type: 'enum'; options: readonly (infer O extends string)[] }
  ? O
  : F extends { type: 'int' | 'float' }
    ? number
    : F extends { type: 'pair' }
      ? Pair
      : F extends { type: 'bool' }
        ? boolean
        : never;

/** The params type of a field list: one property per field key, typed by the field. */
export type ParamsOf<F extends readonly FieldSpec[]> = { [E in F[number] as E['key']]: FieldValue<E> };

/** Context handed to a block's functions: its (already validated) params and its inputs. */
export interface BlockContext<P = BlockParams> {
  params: P;
  /** Output shapes of the blocks feeding this one, in input order. */
  inputShapes: readonly Shape[];
}

/** One stock Keras layer a block lowers to (`suffix` '' = the layer carries the block's own name). */
export interface KerasLayerPart {
  suffix: string;
  /** Keras class name, e.g. 'Conv2D'. */
  cls: string;
  /** The layer config as tfjs-layers writes it (snake_case), without `name` / `trainable`. */
  config: Record<string, unknown>;
}

/** Which input shapes a merge block (≥ 2 inputs) accepts together; used by shape inference and by canConnect. */
export interface MergeRule {
  /** What the inputs must satisfy, completing "<Block> needs …", e.g. 'inputs of the same shape'. */
  needs: string;
  /** Whether `other` may be merged with `first`. */
  agree(first: Shape, other: Shape): boolean;
}

/** How the UI shows the kind. */
export interface BlockView {
  /** Colour of the kind in charts (compare view breakdown bars), '#rrggbb'. */
  color: string;
}

export interface BlockDef<K extends string = string, P = BlockParams> {
  kind: K;
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
  /**
   * The stock Keras layers the block compiles to, in order (src/core/keras/topology-writer.ts chains them and
   * names them `${block name}${suffix}`). The Input block gives its InputLayer.
   */
  keras(params: P): KerasLayerPart[];
  /** Merge blocks only: which input shapes go together. */
  merge?: MergeRule;
  view: BlockView;
}

/**
 * Declares a block kind. The params type of every function is derived from `fields` (keys and value types),
 * and `kind` stays a literal so the registry can derive the kind list.
 */
export function defineBlock<const K extends string, const F extends readonly FieldSpec[]>(
  def: BlockDef<K, ParamsOf<F>> & { fields: F },
): BlockDef<K, ParamsOf<F>> & { fields: F } {
  return def;
}

export const ZERO_COST: Cost = { params: 0, trainableParams: 0, nonTrainableParams: 0, macs: 0, flops: 0 };

export function elementCount(shape: Shape): number {
  return shape.reduce((a, b) => a * b, 1);
}
