import { resolveParams } from '../../blocks/params';
import { newId } from '../../graph/factory';
import type { BlockNode, Design, Edge } from '../../graph/types';
import { parseJsonText } from '../../io/json-text';
import { ImportError } from '../import-config';
import { layerGraph } from '../reader/layer-graph';
import { locateModel } from '../reader/locate';
import type { LayerNode } from '../types';
import { restoreExpandedDilations } from './expanded-dilation';
import { layerPositions } from './layout';
import { mapLayer, type MappedLayer } from './map-layer';
import { checkAgainstWeights } from './weights-check';

export type KerasImport = { ok: true; design: Design; warnings: string[] } | { ok: false; error: string };

interface Mapped extends MappedLayer {
  layer: LayerNode;
  inputs: string[];
}

function designName(modelName: string, fileName?: string): string {
  if (fileName) {
    const base = (fileName.split(/[\\/]/).pop() ?? fileName).replace(/(\.model)?\.json$/i, '');
    if (base && base !== 'model') return base;
  }
  return modelName;
}

/**
 * A final `Dense(linear)` followed by `Activation('softmax')` is the same classifier as one Output
 * block with softmax: fold the pair so the design has its Output block.
 */
function foldSoftmaxHead(mapped: Map<string, Mapped>, consumers: Map<string, string[]>, warnings: string[]): void {
  for (const [name, m] of [...mapped]) {
    if (m.kind !== 'activation' || m.params.activation !== 'softmax' || m.inputs.length !== 1) continue;
    if ((consumers.get(name) ?? []).length > 0) continue;
    const src = mapped.get(m.inputs[0]);
    if (!src || src.kind !== 'dense' || src.params.activation !== 'linear') continue;
    if ((consumers.get(src.layer.name) ?? []).length !== 1) continue;
    src.kind = 'output';
    src.params = { ...src.params, activation: 'softmax' };
    mapped.delete(name);
    warnings.push(`merged Dense '${src.layer.name}' and softmax '${name}' into one Output block`);
  }
}

/**
 * Imports a Keras / tfjs layers model as a Sora design: tfjs model.json (with or without a
 * Keras-converter `model_config` wrapper), Keras 2/3 `to_json()`; Sequential or functional.
 * `json` is the parsed JSON (a string is parsed first). Errors name the file, layer and problem.
 */
export function importKerasModel(json: unknown, fileName?: string): KerasImport {
  const who = fileName ? `${fileName}: ` : '';
  if (typeof json === 'string') {
    const parsed = parseJsonText(json);
    if (!parsed.ok) return { ok: false, error: `${who}${parsed.error}` };
    return importKerasModel(parsed.value, fileName);
  }
  const located = locateModel(json);
  if (!located.ok) return { ok: false, error: `${who}${fileName ? '' : 'the file '}${located.error}` };
  const { model } = located;
  const graph = layerGraph(model.className, model.config);
  if (!graph.ok) return { ok: false, error: `${who}${graph.error}` };
  const restored = restoreExpandedDilations(graph.graph.layers, model.expandedDilations, model.weightShapes);

  const consumers = new Map<string, string[]>();
  for (const l of graph.graph.layers) for (const src of l.inbound) consumers.set(src, [...(consumers.get(src) ?? []), l.name]);
  const weightShape = (suffix: string): number[] | undefined => {
    for (const [name, shape] of model.weightShapes) if (name === suffix || name.endsWith(`/${suffix}`)) return shape;
    return undefined;
  };

  const warnings: string[] = [...restored.warnings];
  const mapped = new Map<string, Mapped>();
  try {
    for (const layer of restored.layers) {
      const isOutput = (consumers.get(layer.name) ?? []).length === 0;
      const m = mapLayer(layer, { isOutput, weightShape });
      const resolved = resolveParams(m.kind, m.params);
      if (resolved.errors.length > 0) throw new ImportError(`layer '${layer.name}' (${layer.className}): ${resolved.errors[0].message}`);
      warnings.push(...m.warnings);
      mapped.set(layer.name, { ...m, params: resolved.params, layer, inputs: layer.inbound });
    }
  } catch (e) {
    if (e instanceof ImportError) return { ok: false, error: `${who}${e.message}` };
    throw e;
  }
  const inputs = [...mapped.values()].filter((m) => m.kind === 'input').map((m) => m.layer.name);
  if (inputs.length !== 1) {
    const list = inputs.map((n) => `'${n}'`).join(', ');
    return {
      ok: false,
      error: `${who}the model has ${inputs.length ? `${inputs.length} inputs (${list})` : 'no input layer'}; Sora designs have exactly one input`,
    };
  }
  if (graph.graph.outputs.length > 1) {
    const list = graph.graph.outputs.map((n) => `'${n}'`).join(', ');
    return { ok: false, error: `${who}the model has ${graph.graph.outputs.length} outputs (${list}); Sora designs have exactly one output` };
  }
  foldSoftmaxHead(mapped, consumers, warnings);
  if (![...mapped.values()].some((m) => m.kind === 'output')) {
    warnings.push(
      `the model does not end in a Dense layer ('${graph.graph.outputs[0]}'), so the design has no Output block yet; add one to train it`,
    );
  }

  const names = [...mapped.keys()];
  const positions = layerPositions(names, (n) => mapped.get(n)?.inputs ?? []);
  const ids = new Map<string, string>();
  const blocks: BlockNode[] = names.map((n) => {
    const m = mapped.get(n) as Mapped;
    const id = newId(m.kind.replace(/-/g, '_'));
    ids.set(n, id);
    return { id, kind: m.kind, name: n, params: m.params, position: positions.get(n) ?? { x: 0, y: 0 } };
  });
  const edges: Edge[] = [];
  for (const n of names) {
    (mapped.get(n) as Mapped).inputs.forEach((src, i) => {
      edges.push({ id: newId('e'), source: ids.get(src) as string, target: ids.get(n) as string, targetIndex: i });
    });
  }
  const design: Design = { name: designName(graph.graph.modelName, fileName), blocks, edges };
  warnings.push(...checkAgainstWeights(design, model.weightShapes));
  return { ok: true, design, warnings };
}
