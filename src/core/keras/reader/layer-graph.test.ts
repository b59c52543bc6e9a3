/** The one layer-graph reader: Keras 2 / Keras 3 / tfjs configs → layers with named inputs, for import and export. */
import { describe, expect, it } from 'vitest';
import { layerGraph } from './layer-graph';
import { parseTopology } from './model-graph';

const dense = (name: string, inbound: unknown[]): Record<string, unknown> => ({
  class_name: 'Dense',
  name,
  config: { name, units: 2 },
  inbound_nodes: inbound,
});
const input = { class_name: 'InputLayer', name: 'in', config: { name: 'in', batch_input_shape: [null, 4] }, inbound_nodes: [] };
/** Keras 3 call args: a __keras_tensor__ naming its source layer. */
const k3 = (src: string): Record<string, unknown> => ({
  args: [{ class_name: '__keras_tensor__', config: { shape: [null, 4], keras_history: [src, 0, 0] } }],
  kwargs: {},
});

describe('layerGraph', () => {
  it('reads Keras 2 ([[name, node, tensor, kwargs]]) and Keras 3 (__keras_tensor__) inbound nodes alike', () => {
    const k2 = layerGraph('Functional', {
      name: 'm',
      layers: [input, dense('a', [[['in', 0, 0, {}]]]), dense('b', [[['a', 0, 0, {}]]])],
      output_layers: [['b', 0, 0]],
    });
    const k3g = layerGraph('Functional', { name: 'm', layers: [input, dense('a', [k3('in')]), dense('b', [k3('a')])], output_layers: ['b', 0, 0] });
    const shape = (r: ReturnType<typeof layerGraph>): unknown => (r.ok ? r.graph.layers.map((l) => [l.name, l.inbound]) : r.error);
    expect(shape(k2)).toEqual([
      ['in', []],
      ['a', ['in']],
      ['b', ['a']],
    ]);
    expect(shape(k3g)).toEqual(shape(k2));
    expect(k3g.ok && k3g.graph.outputs).toEqual(['b']);
  });

  it('adds the InputLayer a Sequential declares on its first layer: "input" for the importer, Keras’ "<first>_input" for export', () => {
    const config = { name: 's', layers: [{ class_name: 'Dense', config: { name: 'd', units: 3, batch_input_shape: [null, 4] } }] };
    const imported = layerGraph('Sequential', config);
    const exported = layerGraph('Sequential', config, { sequentialInputName: 'keras' });
    expect(imported.ok && imported.graph.layers.map((l) => [l.name, l.className, l.inbound])).toEqual([
      ['input', 'InputLayer', []],
      ['d', 'Dense', ['input']],
    ]);
    expect(exported.ok && exported.graph.layers.map((l) => l.name)).toEqual(['d_input', 'd']);
  });

  it('names the problem: shared layers, unknown sources, duplicate names, unsupported model classes', () => {
    const err = (r: ReturnType<typeof layerGraph>): string => (r.ok ? 'ok' : r.error);
    expect(err(layerGraph('Functional', { layers: [input, dense('a', [[['in', 0, 0, {}]], [['in', 0, 0, {}]]])] }))).toBe(
      "layer 'a' is called 2 times (shared layers are not supported)",
    );
    expect(err(layerGraph('Functional', { layers: [input, dense('a', [[['zz', 0, 0, {}]]])] }))).toBe(
      "layer 'a' takes input from unknown layer 'zz'",
    );
    expect(err(layerGraph('Functional', { layers: [input, { ...input }] }))).toBe("two layers are named 'in'");
    expect(err(layerGraph('Bidirectional', {}))).toBe("model class 'Bidirectional' is not supported (expected Sequential or a functional Model)");
  });
});

describe('parseTopology (the exporters’ view)', () => {
  it('sorts the layers topologically and drops those that reach no output', () => {
    const graph = parseTopology({
      class_name: 'Functional',
      config: {
        name: 'm',
        input_layers: [['in', 0, 0]],
        output_layers: [['b', 0, 0]],
        layers: [dense('b', [[['a', 0, 0, {}]]]), input, dense('dead', [[['in', 0, 0, {}]]]), dense('a', [[['in', 0, 0, {}]]])],
      },
    });
    expect([graph.layers.map((l) => l.name), graph.inputs, graph.outputs]).toEqual([['in', 'a', 'b'], ['in'], ['b']]);
  });

  it('refuses nested models and functional models without declared inputs/outputs', () => {
    const nested = {
      class_name: 'Sequential',
      config: { name: 's', layers: [input, { class_name: 'Sequential', config: { name: 'inner', layers: [] } }] },
    };
    expect(() => parseTopology(nested)).toThrow("layer 'inner' is a nested Sequential; nested models cannot be exported");
    expect(() => parseTopology({ class_name: 'Functional', config: { layers: [input] } })).toThrow('modelTopology has no input_layers');
  });
});
