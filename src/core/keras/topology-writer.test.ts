import { describe, expect, it } from 'vitest';
import { getTemplate } from '../templates';
import { designFromRows, TemplateBuilder } from '../../test-support/designs';
import { designToKerasModel, designToKerasModelConfig } from './topology-writer';

describe('designToKerasModelConfig', () => {
  it('exports the Sora lite template as a standard functional model', () => {
    const m = designToKerasModelConfig(getTemplate('sora-lite-mnist')!.build());
    expect(m.class_name).toBe('Model');
    expect(m.config.name).toBe('sora_lite_mnist');
    const layers = m.config.layers;
    expect(layers.map((l) => `${l.name}:${l.class_name}`)).toEqual([
      'input_1:InputLayer',
      'separable_conv_1:SeparableConv2D',
      'separable_conv_1_bn:BatchNormalization',
      'separable_conv_1_act:Activation',
      'separable_conv_2:SeparableConv2D',
      'separable_conv_2_bn:BatchNormalization',
      'separable_conv_2_act:Activation',
      'max_pool_1:MaxPooling2D',
      'receptive_field_conv_1:Conv2D',
      'receptive_field_conv_1_bn:BatchNormalization',
      'receptive_field_conv_1_act:Activation',
      'separable_conv_3:SeparableConv2D',
      'separable_conv_3_bn:BatchNormalization',
      'separable_conv_3_act:Activation',
      'encoding_1_pool:MaxPooling2D',
      'encoding_1_gap:GlobalAveragePooling2D',
      'encoding_1_dropout:Dropout',
      'output_1:Dense',
    ]);
    expect(layers[0].config).toMatchObject({ batch_input_shape: [null, 28, 28, 1], dtype: 'float32' });
    expect(layers[0].inbound_nodes).toEqual([]);
    const rf = layers[8];
    expect(rf.config).toMatchObject({
      filters: 64,
      kernel_size: [3, 3],
      dilation_rate: [2, 2],
      strides: [1, 1],
      padding: 'same',
      activation: 'linear',
      use_bias: false,
      data_format: 'channels_last',
    });
    expect(rf.inbound_nodes).toEqual([[['max_pool_1', 0, 0, {}]]]);
    expect(layers[9].inbound_nodes).toEqual([[['receptive_field_conv_1', 0, 0, {}]]]);
    expect(layers[10].config).toMatchObject({ activation: 'relu' });
    expect(layers[14].config).toMatchObject({ pool_size: [2, 2], strides: [2, 2], padding: 'valid' });
    expect(layers[16].config).toMatchObject({ rate: 0.25 });
    expect(layers[17].config).toMatchObject({ units: 10, activation: 'softmax', use_bias: true });
    expect(m.config.input_layers).toEqual([['input_1', 0, 0]]);
    expect(m.config.output_layers).toEqual([['output_1', 0, 0]]);
  });

  it('orders merge inputs by targetIndex, not by edge order', () => {
    const d = designFromRows('test net', [
      ['input', { height: 8, width: 8, channels: 2 }, []],
      ['conv', { filters: 3 }, ['input_1']],
      ['depthwise-conv', { dilation: [2, 2], depthMultiplier: 2 }, ['input_1']],
      ['concatenate', {}, ['conv_1', 'depthwise_conv_1']],
      ['global-pool', { mode: 'max' }, ['concatenate_1']],
      ['output', { units: 4 }, ['global_pool_1']],
    ]);
    // swap the two concatenate edges in the list while keeping their targetIndex
    const cat = d.blocks.find((b) => b.kind === 'concatenate')!;
    const [a, b] = d.edges.filter((e) => e.target === cat.id);
    d.edges = [...d.edges.filter((e) => e !== a && e !== b), b, a];
    const layers = designToKerasModelConfig(d).config.layers;
    const catLayer = layers.find((l) => l.class_name === 'Concatenate')!;
    expect(catLayer.config).toMatchObject({ axis: -1 });
    expect(catLayer.inbound_nodes).toEqual([
      [
        ['conv_1', 0, 0, {}],
        ['depthwise_conv_1', 0, 0, {}],
      ],
    ]);
    const dw = layers.find((l) => l.class_name === 'DepthwiseConv2D')!;
    expect(dw.config).toMatchObject({ dilation_rate: [2, 2], depth_multiplier: 2, kernel_size: [3, 3] });
    expect(layers.find((l) => l.class_name === 'GlobalMaxPooling2D')?.name).toBe('global_pool_1');
  });

  it('exports encoding parts, skips linear activations after batch norm, avoids name clashes and drops dangling blocks', () => {
    const d = designFromRows('test net', [
      ['input', { height: 6, width: 6, channels: 1 }, []],
      ['separable-conv', { filters: 2, batchNorm: true, activation: 'linear' }, ['input_1']],
      [
        'encoding',
        { pool: 'avg', poolSize: [3, 3], mode: 'flatten', embeddingUnits: 5, embeddingActivation: 'tanh', dropout: 0.1 },
        ['separable_conv_1'],
      ],
      ['output', { units: 2, activation: 'sigmoid' }, ['encoding_1']],
      ['dense', { units: 3 }, ['encoding_1']],
    ]);
    d.blocks.find((b) => b.kind === 'dense')!.name = 'encoding_1_embedding';
    const ex = designToKerasModel(d);
    const names = ex.model.config.layers.map((l) => l.name);
    expect(names).toEqual([
      'input_1',
      'separable_conv_1',
      'separable_conv_1_bn',
      'encoding_1_pool',
      'encoding_1_flatten',
      'encoding_1_embedding',
      'encoding_1_dropout',
      'output_1',
    ]);
    // the dangling dense block is not exported, so its name does not push the embedding to _2
    const enc = d.blocks.find((b) => b.kind === 'encoding')!;
    expect(ex.blockLayers[enc.id]).toEqual(['encoding_1_pool', 'encoding_1_flatten', 'encoding_1_embedding', 'encoding_1_dropout']);
    const emb = ex.model.config.layers[5];
    expect(emb.config).toMatchObject({ units: 5, activation: 'tanh', use_bias: true });
    expect(ex.model.config.layers[3]).toMatchObject({ class_name: 'AveragePooling2D', config: { pool_size: [3, 3], strides: [3, 3] } });
  });

  it('renames a sub-layer whose name is taken by another exported block', () => {
    // a batch-norm block named like the conv's own batch-norm sub-layer
    const b = new TemplateBuilder('test net');
    const input = b.add('input', { height: 6, width: 6, channels: 1 });
    const conv = b.add('conv', { filters: 2, batchNorm: true }, [input]);
    const bn = b.add('batch-norm', {}, [conv], { name: 'conv_1_bn' });
    const flat = b.add('flatten', {}, [bn]);
    b.add('output', { units: 2 }, [flat]);
    const d = b.build();
    const names = designToKerasModelConfig(d).config.layers.map((l) => l.name);
    expect(names).toEqual(['input_1', 'conv_1', 'conv_1_bn_2', 'conv_1_act', 'conv_1_bn', 'flatten_1', 'output_1']);
  });

  it('throws the first analysis error for an invalid design', () => {
    const d = designFromRows('test net', [
      ['input', { height: 8, width: 8, channels: 1 }, []],
      ['conv', { filters: 3 }, ['input_1']],
    ]);
    expect(() => designToKerasModelConfig(d)).toThrow("Cannot export design 'test net': the design has no Output block");
    const bad = designFromRows('test net', [
      ['input', { height: 4, width: 4, channels: 1 }, []],
      ['conv', { kernelSize: [5, 5], padding: 'valid' }, ['input_1']],
      ['flatten', {}, ['conv_1']],
      ['output', { units: 2 }, ['flatten_1']],
    ]);
    expect(() => designToKerasModelConfig(bad)).toThrow(/conv_1: .*5×5.*larger than its 4×4 input/);
  });
});
