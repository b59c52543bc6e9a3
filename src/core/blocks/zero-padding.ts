import type { BlockParams } from '../graph/types';
import { ZERO_COST, type BlockDef } from './block-def';
import type { FieldSpec } from './block-def';
import { LIMITS } from './fields';
import { featureMapInput, ok, passField } from './shape-utils';

export interface ZeroPaddingParams extends BlockParams {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

function sideField(key: 'top' | 'bottom' | 'left' | 'right', label: string): FieldSpec {
  return { type: 'int', key, label, default: 1, min: 0, max: LIMITS.spatial, unit: 'px', help: `Rows or columns of zeros added on the ${key}.` };
}

/** The four paddings as Keras ZeroPadding2D's `padding`: ((top, bottom), (left, right)). */
export function zeroPaddingPairs(p: BlockParams): [[number, number], [number, number]] {
  return [
    [Number(p.top), Number(p.bottom)],
    [Number(p.left), Number(p.right)],
  ];
}

/**
 * Keras ZeroPadding2D (channels-last): [H, W, C] → [H + top + bottom, W + left + right, C]. No weights, no MACs,
 * no FLOPs (a copy). Receptive field: size and jump pass through unchanged — padding only shifts where the windows
 * of later layers sit relative to the input (the offset, which this analysis does not track).
 */
export const zeroPaddingDef: BlockDef<ZeroPaddingParams> = {
  kind: 'zero-padding',
  label: 'Zero Padding',
  category: 'helper',
  description: 'Adds rows and columns of zeros around a feature map (Keras ZeroPadding2D), e.g. before a valid conv.',
  fields: [sideField('top', 'Top'), sideField('bottom', 'Bottom'), sideField('left', 'Left'), sideField('right', 'Right')],
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
};
