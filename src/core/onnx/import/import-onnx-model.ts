import { resolveParams } from '../../blocks/params';
import { analyzeDesign } from '../../graph/analyze';
import { newId, toLayerName } from '../../graph/factory';
import type { BlockKind, BlockNode, BlockParams, Design, Edge } from '../../graph/types';
import { layerPositions } from '../../keras/import/layout';
import { CONST_OPS, evalConstNode, tensorOf } from './const-eval';
import type { ImportContext, IrBlock, Value } from './ir';
import { type ConstTensor, OnnxImportError, type OnnxGraph, type OnnxNode, readOnnxGraph } from './onnx-graph';
import { mapNode } from './ops';
import type { ImportedWeight } from './weight-layout';

export type OnnxImport = { ok: true; design: Design; weights: ImportedWeight[]; warnings: string[] } | { ok: false; error: string };

/** tfjs variable order within a layer (what model.getWeights() lists). */
const WEIGHT_ORDER = ['kernel', 'depthwise_kernel', 'pointwise_kernel', 'bias', 'gamma', 'beta', 'moving_mean', 'moving_variance'];

/** '/layer1/conv/Conv' (torch ≥ 1.13 scopes) → 'layer1_conv'; 'Conv_3' → 'conv_3'; '/Add' → 'add'. */
function baseName(node: OnnxNode): string {
  const parts = node.name.split('/').filter(Boolean);
  if (parts.length > 1 && /^[A-Z][A-Za-z]*(_\d+)?$/.test(parts[parts.length - 1])) parts.pop();
  return toLayerName(parts.join('_') || node.opType);
}

function designName(graph: OnnxGraph, fileName?: string): string {
  const base = fileName ? (fileName.split(/[\\/]/).pop() ?? fileName).replace(/\.onnx$/i, '') : '';
  return base || graph.graphName || 'onnx_model';
}

/** Shape of an activation for the ONNX Shape op (NCHW with batch 1). */
function shapeTensor(v: Value | undefined, node: OnnxNode): ConstTensor {
  if (!v || v.type === 'padded') throw new OnnxImportError(`node '${node.name}' (Shape): its input has no known shape`);
  if (v.type === 'const') return tensorOf([v.tensor.dims.length], v.tensor.dims, false);
  return tensorOf([v.shape.length + 1], [1, ...v.shape], false);
}

function run(graph: OnnxGraph, fileName?: string): { design: Design; weights: ImportedWeight[]; warnings: string[] } {
  if (graph.inputs.length !== 1) {
    const list = graph.inputs.map((i) => `'${i.name}'`).join(', ');
    throw new OnnxImportError(`the model has ${graph.inputs.length} inputs (${list}); Sora designs have exactly one image input`);
  }
  if (graph.outputs.length !== 1) {
    throw new OnnxImportError(
      `the model has ${graph.outputs.length} outputs (${graph.outputs.map((o) => `'${o}'`).join(', ')}); Sora designs have exactly one output`,
    );
  }
  const input = graph.inputs[0];
  const dims = input.dims ?? [];
  const [c, h, w] = dims.slice(1);
  if (dims.length !== 4 || !c || !h || !w) {
    const shown = input.dims ? `[${input.dims.map((d) => d ?? '?').join(', ')}]` : 'unknown';
    throw new OnnxImportError(
      `input '${input.name}' has shape ${shown}; an NCHW image input with fixed channels, height and width is needed (export with a fixed-size dummy input and no dynamic H/W axes)`,
    );
  }

  const consumers = new Map<string, number>();
  for (const n of graph.nodes) for (const i of n.inputs) if (i) consumers.set(i, (consumers.get(i) ?? 0) + 1);
  for (const o of graph.outputs) consumers.set(o, (consumers.get(o) ?? 0) + 1);

  const used = new Set<string>();
  const claim = (base: string): string => {
    let name = base;
    for (let k = 2; used.has(name); k++) name = `${base}_${k}`;
    used.add(name);
    return name;
  };
  const blocks: IrBlock[] = [];
  const warnings: string[] = [];
  const ctx: ImportContext = {
    opset: graph.opset,
    values: new Map(),
    consumers,
    blocks,
    warnings,
    newBlock(node, kind: BlockKind, params: BlockParams, inputs: IrBlock[], suffix = '') {
      const b: IrBlock = {
        name: claim(`${baseName(node)}${suffix}`),
        kind,
        params,
        inputs,
        weights: new Map(),
        nodes: [node.name],
        outputTensor: node.outputs[0],
      };
      blocks.push(b);
      return b;
    },
  };
  for (const [name, t] of graph.initializers) ctx.values.set(name, { type: 'const', tensor: t });
  const inputBlock: IrBlock = {
    name: claim(toLayerName(input.name) || 'input'),
    kind: 'input',
    params: { height: h, width: w, channels: c },
    inputs: [],
    weights: new Map(),
    nodes: [input.name],
    outputTensor: input.name,
  };
  blocks.push(inputBlock);
  ctx.values.set(input.name, { type: 'act', block: inputBlock, shape: [c, h, w] });

  for (const node of graph.nodes) {
    if (node.opType === 'Shape') {
      ctx.values.set(node.outputs[0], { type: 'const', tensor: shapeTensor(ctx.values.get(node.inputs[0]), node) });
      continue;
    }
    const ins = node.inputs.map((i) => (i ? ctx.values.get(i) : undefined));
    if (CONST_OPS.has(node.opType) && ins.every((v) => !v || v.type === 'const') && (node.domain === '' || node.domain === 'ai.onnx')) {
      const t = evalConstNode(
        node,
        ins.map((v) => (v?.type === 'const' ? v.tensor : undefined)),
        graph.opset,
      );
      ctx.values.set(node.outputs[0], { type: 'const', tensor: t });
      continue;
    }
    mapNode(ctx, node);
  }

  const out = ctx.values.get(graph.outputs[0]);
  if (!out || out.type !== 'act') throw new OnnxImportError(`the graph output '${graph.outputs[0]}' is not computed from the input`);
  const last = out.block;
  if (last.kind === 'dense') last.kind = 'output';
  else
    warnings.push(
      `the model does not end in a Gemm / MatMul classifier ('${graph.outputs[0]}'), so the design has no Output block yet; add one to train it`,
    );

  // Design: blocks in ONNX (topological) order, edges in input order.
  const ids = new Map<IrBlock, string>();
  const positions = layerPositions(
    blocks.map((b) => b.name),
    (n) => blocks.find((b) => b.name === n)?.inputs.map((i) => i.name) ?? [],
  );
  const designBlocks: BlockNode[] = blocks.map((b) => {
    const resolved = resolveParams(b.kind, b.params);
    if (resolved.errors.length > 0) throw new OnnxImportError(`node '${b.nodes[0]}': ${resolved.errors[0].message}`);
    const id = newId(b.kind.replace(/-/g, '_'));
    ids.set(b, id);
    return { id, kind: b.kind, name: b.name, params: resolved.params, position: positions.get(b.name) ?? { x: 0, y: 0 } };
  });
  const edges: Edge[] = [];
  for (const b of blocks) {
    b.inputs.forEach((src, i) => edges.push({ id: newId('e'), source: ids.get(src) as string, target: ids.get(b) as string, targetIndex: i }));
  }
  const design: Design = { name: designName(graph, fileName), blocks: designBlocks, edges };
  const analysis = analyzeDesign(design);
  // A model without a classifier still imports (with the warning above), as Keras imports do.
  const firstError = analysis.issues.find((i) => i.severity === 'error' && i.code !== 'no-output');
  if (firstError) {
    const b = blocks.find((x) => ids.get(x) === firstError.blockId);
    throw new OnnxImportError(`${b ? `node '${b.nodes[0]}' (block '${b.name}'): ` : ''}${firstError.message}`);
  }
  const weights: ImportedWeight[] = [];
  for (const b of blocks) {
    const names = [...b.weights.keys()].sort((x, y) => WEIGHT_ORDER.indexOf(x) - WEIGHT_ORDER.indexOf(y));
    for (const n of names) {
      const wt = b.weights.get(n) as { shape: number[]; values: Float32Array };
      weights.push({ name: `${b.name}/${n}`, shape: wt.shape, values: wt.values });
    }
  }
  return { design, weights, warnings };
}

/**
 * Imports an ONNX model (as written by torch.onnx.export, opsets 11–17) as a Sora design plus its weights in the
 * app's Keras layout (named `${block}/kernel`, …, as the compiled tfjs model names them). NCHW becomes NHWC;
 * a bias-free depthwise conv followed by a 1×1 conv becomes one Separable Conv, dilated convs Receptive-Field
 * Convs, activations fold into the conv / dense before them. Errors name the file, the node and the operator.
 */
export function importOnnxModel(bytes: Uint8Array, fileName?: string): OnnxImport {
  const who = fileName ? `${fileName}: ` : '';
  try {
    return { ok: true, ...run(readOnnxGraph(bytes), fileName) };
  } catch (e) {
    if (e instanceof OnnxImportError) return { ok: false, error: `${who}${e.message}` };
    throw e;
  }
}
