import { defineBlock, type BlockView } from './block-def';
import { windowOutput } from './conv-math';
import { paddingField, poolSizeField, stridesField } from './fields';
import { poolConfig } from './keras-layers';
import { costOf, fail, featureMapInput, ok, passField, windowField } from './shape-utils';

/** Keras MaxPooling2D / AveragePooling2D. FLOPs: one op per window element per output element. */
export function makePoolDef<const K extends string>(opts: {
  kind: K;
  label: string;
  description: string;
  view: BlockView;
  kerasClass: 'MaxPooling2D' | 'AveragePooling2D';
}) {
  const { kind, label, description, view, kerasClass } = opts;
  return defineBlock({
    kind,
    label,
    category: 'helper',
    description,
    view,
    fields: [poolSizeField([2, 2]), stridesField([2, 2]), paddingField('valid')],
    inputs: { min: 1, max: 1 },
    inferShape({ params: p, inputShapes }) {
      const fm = featureMapInput(inputShapes, label);
      if (!fm.ok) return fm.result;
      const win = windowOutput([fm.h, fm.w], p.poolSize, p.strides, [1, 1], p.padding, `${label} window`);
      if (!win.ok) return fail('kernel-too-large', win.error ?? `${label} window does not fit its input`);
      return ok([win.out[0], win.out[1], fm.c]);
    },
    cost({ params: p }, output) {
      const n = output[0] * output[1] * output[2];
      return costOf(0, 0, 0, n * p.poolSize[0] * p.poolSize[1]);
    },
    receptiveField({ params: p }, fields) {
      return windowField(passField(fields), p.poolSize, p.strides);
    },
    keras: (p) => [{ suffix: '', cls: kerasClass, config: poolConfig(p.poolSize, p.strides, p.padding) }],
  });
}
