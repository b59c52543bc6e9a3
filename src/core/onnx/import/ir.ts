import type { BlockKind, BlockParams } from '../../graph/types';
import { type ConstTensor, OnnxImportError, type OnnxNode } from './onnx-graph';
import type { Pads4 } from './padding';
import type { ChwOrder } from './weight-layout';

/** One block being built from one ONNX node (or a fused run of nodes). */
export interface IrBlock {
  name: string;
  kind: BlockKind;
  params: BlockParams;
  inputs: IrBlock[];
  /** Keras-layout weights by variable suffix ('kernel', 'bias', 'gamma', …), in tfjs order. */
  weights: Map<string, { shape: number[]; values: Float32Array }>;
  /** The ONNX node(s) it came from, for messages. */
  nodes: string[];
  /** The ONNX tensor that currently carries this block's output (moves when a later node folds into it). */
  outputTensor: string;
}

/** What an ONNX tensor is while importing. */
export type Value = { type: 'const'; tensor: ConstTensor } | ActValue | { type: 'padded'; source: ActValue; pads: Pads4; node: OnnxNode };

/** A tensor computed by a block. `shape` is ONNX's without the batch dim: [C, H, W] or [F]. */
export interface ActValue {
  type: 'act';
  block: IrBlock;
  shape: number[];
  /** A [C, 1, 1] map that the app holds as the vector [C] (after global pooling). */
  squeezed?: boolean;
  /** For a vector flattened from an NCHW map: its PyTorch feature order (absent when it equals Keras'). */
  order?: ChwOrder;
}

/** Import state shared by the op handlers. */
export interface ImportContext {
  opset: number;
  values: Map<string, Value>;
  /** How many node inputs and graph outputs read each tensor. */
  consumers: Map<string, number>;
  blocks: IrBlock[];
  warnings: string[];
  /** A block named after `node` (plus `suffix`, e.g. '_pad' for the Zero Padding in front of a conv). */
  newBlock(node: OnnxNode, kind: BlockKind, params: BlockParams, inputs: IrBlock[], suffix?: string): IrBlock;
}

export function nodeError(node: OnnxNode, message: string): OnnxImportError {
  return new OnnxImportError(`node '${node.name}' (${node.opType}): ${message}`);
}

/** The value of input `i` (undefined for an omitted optional input). */
export function inputValue(ctx: ImportContext, node: OnnxNode, i: number): Value | undefined {
  const name = node.inputs[i];
  if (!name) return undefined;
  const v = ctx.values.get(name);
  if (!v) throw nodeError(node, `input '${name}' is not produced by any node, initializer or graph input`);
  return v;
}

const describeShape = (v: ActValue) => `[${v.squeezed ? v.shape[0] : v.shape.join(', ')}]`;

/**
 * A Zero Padding block (pads [top, left, bottom, right]) named after `node` + `suffix`, reading `x`; returns its
 * output. With an empty suffix the block carries `node`'s output tensor (a Pad node), else a private name.
 */
export function zeroPadBlock(ctx: ImportContext, node: OnnxNode, x: ActValue, pads: Pads4, suffix: string): ActValue {
  const [top, left, bottom, right] = pads;
  const block = ctx.newBlock(node, 'zero-padding', { top, bottom, left, right }, [x.block], suffix);
  block.outputTensor = `${node.outputs[0]}${suffix}`;
  return { type: 'act', block, shape: [x.shape[0], x.shape[1] + top + bottom, x.shape[2] + left + right] };
}

/**
 * Input `i` as a tensor computed by a block (not a constant). A pending Pad (kept pending so that a Conv can take
 * it as its own padding) becomes a Zero Padding block here, shared by every later reader.
 */
export function actInput(ctx: ImportContext, node: OnnxNode, i: number): ActValue {
  const v = inputValue(ctx, node, i);
  if (!v) throw nodeError(node, `input ${i} is missing`);
  if (v.type === 'act') return v;
  if (v.type === 'padded') {
    const padded = zeroPadBlock(ctx, v.node, v.source, v.pads, '');
    ctx.values.set(v.node.outputs[0], padded);
    return padded;
  }
  throw nodeError(node, `input '${node.inputs[i]}' is a constant where a computed tensor was expected`);
}

/** An activation input that must be a feature map [C, H, W]. */
export function mapInput(ctx: ImportContext, node: OnnxNode, i: number): ActValue {
  const v = actInput(ctx, node, i);
  if (v.shape.length !== 3 || v.squeezed) {
    throw nodeError(node, `needs a 4-D NCHW feature map but gets a tensor of shape ${describeShape(v)} (without the batch dim)`);
  }
  return v;
}

/** An activation input that must be a vector [F] (2-D in ONNX with the batch dim). */
export function vectorInput(ctx: ImportContext, node: OnnxNode, i: number): ActValue {
  const v = actInput(ctx, node, i);
  if (v.shape.length !== 1 && !v.squeezed) {
    throw nodeError(node, `needs a 2-D [batch, features] input but gets a feature map of shape [${v.shape.join(', ')}]; flatten it first`);
  }
  return v;
}

/** A constant input (initializer, Constant node or folded constant sub-graph). */
export function constInput(ctx: ImportContext, node: OnnxNode, i: number, what: string): ConstTensor {
  const v = inputValue(ctx, node, i);
  if (!v) throw nodeError(node, `has no ${what} input`);
  if (v.type !== 'const')
    throw nodeError(node, `its ${what} ('${node.inputs[i]}') is computed at run time; only constant ${what}s (initializers) are supported`);
  return v.tensor;
}

/** Optional constant input (absent → undefined). */
export function optionalConst(ctx: ImportContext, node: OnnxNode, i: number, what: string): ConstTensor | undefined {
  return node.inputs[i] ? constInput(ctx, node, i, what) : undefined;
}

/** True when `v` is its block's only output tensor and nothing else reads it: a following op may fold into the block. */
export function canFold(ctx: ImportContext, v: ActValue, tensor: string): boolean {
  return v.block.outputTensor === tensor && (ctx.consumers.get(tensor) ?? 0) === 1;
}

/** Makes `node`'s output the same value as `v` (a no-op node or one folded into v's block). */
export function alias(ctx: ImportContext, node: OnnxNode, v: ActValue, folded: boolean): void {
  const out = node.outputs[0];
  ctx.values.set(out, v);
  if (folded) {
    v.block.outputTensor = out;
    v.block.nodes.push(node.name);
  }
}

export function setAct(ctx: ImportContext, node: OnnxNode, block: IrBlock, shape: number[], extra: Partial<ActValue> = {}): void {
  block.outputTensor = node.outputs[0];
  ctx.values.set(node.outputs[0], { type: 'act', block, shape, ...extra });
}
