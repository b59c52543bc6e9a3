import { defineBlock, type KerasLayerPart } from './block-def';
import { windowOutput } from './conv-math';
import { activationFieldAs, enumField, LIMITS, poolSizeField, rateField } from './fields';
import { denseConfig, dropoutConfig, poolConfig } from './keras-layers';
import { activationFlopsPerElement, costOf, fail, featureMapInput, ok, passField, wholeMapField, windowField } from './shape-utils';

/**
 * Sora Encoding: optional pooling (strides = pool size, 'valid'), then flatten / global average /
 * global max into a vector, then an optional Dense embedding (with bias) and optional dropout.
 */
export const encodingDef = defineBlock({
  kind: 'encoding',
  label: 'Encoding',
  category: 'sora',
  description:
    'Turns a feature map into a feature vector: optional pooling, then flatten or global pooling, an optional dense embedding and dropout.',
  view: { color: '#0e9f8e' },
  fields: [
    enumField('pool', 'Pooling', 'none', ['none', 'max', 'avg']),
    poolSizeField([2, 2]),
    enumField(
      'mode',
      'Mode',
      'global-avg',
      ['flatten', 'global-avg', 'global-max'],
      'How the map becomes a vector: flatten keeps every position; global pooling keeps one value per channel.',
    ),
    {
      type: 'int',
      key: 'embeddingUnits',
      label: 'Embedding units',
      default: 0,
      min: 0,
      max: LIMITS.embeddingUnits,
      help: '0 = no dense embedding.',
    },
    activationFieldAs('embeddingActivation', 'Embedding activation', 'relu'),
    rateField('dropout', 'Dropout', 0),
  ],
  inputs: { min: 1, max: 1 },
  inferShape({ params: p, inputShapes }) {
    const fm = featureMapInput(inputShapes, 'Encoding');
    if (!fm.ok) return fm.result;
    let [h, w] = [fm.h, fm.w];
    if (p.pool !== 'none') {
      const win = windowOutput([h, w], p.poolSize, p.poolSize, [1, 1], 'valid', 'Encoding pool window');
      if (!win.ok) return fail('kernel-too-large', win.error ?? 'Encoding pool window does not fit its input');
      [h, w] = win.out;
    }
    if (p.embeddingUnits > 0) return ok([p.embeddingUnits]);
    return ok(p.mode === 'flatten' ? [h * w * fm.c] : [fm.c]);
  },
  cost({ params: p, inputShapes }) {
    const [h0, w0, c] = inputShapes[0];
    let [h, w] = [h0, w0];
    let flops = 0;
    if (p.pool !== 'none') {
      h = Math.floor(h0 / p.poolSize[0]);
      w = Math.floor(w0 / p.poolSize[1]);
      flops += h * w * c * p.poolSize[0] * p.poolSize[1];
    }
    const features = p.mode === 'flatten' ? h * w * c : c;
    if (p.mode !== 'flatten') flops += h * w * c;
    if (p.embeddingUnits <= 0) return costOf(0, 0, 0, flops);
    const u = p.embeddingUnits;
    const macs = features * u;
    const params = macs + u;
    flops += 2 * macs + u + activationFlopsPerElement(p.embeddingActivation) * u;
    return costOf(params, params, macs, flops);
  },
  receptiveField({ params: p, inputShapes }, fields) {
    let f = passField(fields);
    let [h, w] = [inputShapes[0][0], inputShapes[0][1]];
    if (p.pool !== 'none') {
      f = windowField(f, p.poolSize, p.poolSize);
      h = Math.floor(h / p.poolSize[0]);
      w = Math.floor(w / p.poolSize[1]);
    }
    return wholeMapField(f, [h, w]);
  },
  keras(p) {
    const parts: KerasLayerPart[] = [];
    if (p.pool !== 'none') {
      parts.push({
        suffix: '_pool',
        cls: p.pool === 'max' ? 'MaxPooling2D' : 'AveragePooling2D',
        config: poolConfig(p.poolSize, p.poolSize, 'valid'),
      });
    }
    if (p.mode === 'flatten') parts.push({ suffix: '_flatten', cls: 'Flatten', config: {} });
    else if (p.mode === 'global-max') parts.push({ suffix: '_gmp', cls: 'GlobalMaxPooling2D', config: { data_format: 'channels_last' } });
    else parts.push({ suffix: '_gap', cls: 'GlobalAveragePooling2D', config: { data_format: 'channels_last' } });
    if (p.embeddingUnits > 0) parts.push({ suffix: '_embedding', cls: 'Dense', config: denseConfig(p.embeddingUnits, p.embeddingActivation, true) });
    if (p.dropout > 0) parts.push({ suffix: '_dropout', cls: 'Dropout', config: dropoutConfig(p.dropout) });
    return parts;
  },
});
