import { defineBlock, ZERO_COST, type IntField, type ParamsOf } from './block-def';
import { LIMITS } from './fields';
import { featureMapInput, ok, passField } from './shape-utils';

function sideField<const K extends 'top' | 'bottom' | 'left' | 'right'>(key: K, label: string): IntField<K> {
  return { type: 'int', key, label, default: 1, min: 0, max: LIMITS.spatial, unit: 'px', help: `Rows or columns of zeros added on the ${key}.` };
}

const fields = [sideField('top', 'Top'), sideField('bottom', 'Bottom'), sideField('left', 'Left'), sideField('right', 'Right')] as const;
export type ZeroPaddingParams = ParamsOf<typeof fields>;

/** The four paddings as Keras ZeroPadding2D's `padding`: ((top, bottom), (left, right)). */
export function zeroPaddingPairs(p: ZeroPaddingParams): [[number, number], [number, number]] {
  return [
    [p.top, p.bottom],
    [p.left, p.right],
  ];
}

/**
 * Keras ZeroPadding2D (channels-last): [H, W, C] → [H + top + bottom, W + left + right, C]. No weights, no MACs,
 * no FLOPs (a copy). Receptive field: size and jump pass through unchanged — padding only shifts where the windows
 * of later layers sit relative to the input (the offset, which this analysis does not track).
 */
export const zeroPaddingDef = defineBlock({
  kind: 'zero-padding',
  label: 'Zero Padding',
  category: 'helper',
  description: 'Adds rows and columns of zeros around a feature map (Keras ZeroPadding2D), e.g. before a valid conv.',
  view: { color: '#778899' },
  fields,
  inputs: { min: 1, max: 1 },
  inferShape({ params: p, inputShapes }) {
    const fm = featureMapInput(inputShapes, 'Zero Padding');
    if (!fm.ok) return fm.result;
    return ok([fm.h + p.top + p.bottom, fm.w + p.left + p.right, fm.c]);
  },
  cost() {
    return { ...ZERO_COST };
  },
  receptiveField(_ctx, fields) {
    return passField(fields);
  },
  keras: (p) => [{ suffix: '', cls: 'ZeroPadding2D', config: { padding: zeroPaddingPairs(p), data_format: 'channels_last' } }],
});
