/** What Conv2D, DepthwiseConv2D and SeparableConv2D share: window geometry in each target. */
import type { Pair } from '../../../graph/types';
import { pyTuple } from '../../../export/python-names';
import type { ConfigReader } from '../../import-config';
import { checkChannelsLast, intOf, pairOf } from '../../layer-config';
import { spatial, windowed } from '../../shape-helpers';
import { convPadding, type TorchInputs } from '../../torch-helpers';
import type { Dims, ExportLayer, LayerNode } from '../../types';

/** PyTorch geometry kwargs, input channels and the forward expression of a conv layer. */
export function torchConv(layer: ExportLayer, self: string, t: TorchInputs): { geo: string; cin: number; forward: string } {
  const k = pairOf(layer, 'kernel_size', null);
  const s = pairOf(layer, 'strides', [1, 1]);
  const dil = pairOf(layer, 'dilation_rate', [1, 1]);
  const { modulePad, wrap } = convPadding(layer, k, s, dil);
  const geo = `kernel_size=${pyTuple(k)}, stride=${pyTuple(s)}, padding=${pyTuple(modulePad)}, dilation=${pyTuple(dil)}`;
  return { geo, cin: t.d[2], forward: t.act(`${self}(${wrap(t.x)})`) };
}

export const kernelArg = (l: ExportLayer): string => `kernel_size=${pyTuple(pairOf(l, 'kernel_size', null))}`;
export const stridesArg = (l: ExportLayer): string => `strides=${pyTuple(pairOf(l, 'strides', [1, 1]))}`;
export const dilationArg = (l: ExportLayer): string => `dilation_rate=${pyTuple(pairOf(l, 'dilation_rate', [1, 1]))}`;
export const depthMultiplierArg = (l: ExportLayer): string => `depth_multiplier=${intOf(l, 'depth_multiplier', 1)}`;

/** Kernel, strides, padding and dilation of an imported conv layer (channels-last only). */
export function importConvGeometry(r: ConfigReader): { kernelSize: Pair; strides: Pair; padding: string; dilation: Pair } {
  r.channelsLast();
  return {
    kernelSize: r.pair('kernel_size'),
    strides: r.pair('strides', [1, 1]),
    padding: r.padding(),
    dilation: r.pair('dilation_rate', [1, 1]),
  };
}

/**
 * The depthwise stage shared by DepthwiseConv2D and SeparableConv2D: input channels, kernel, depth multiplier and
 * the output's spatial size (channels-last checked first).
 */
export function depthwiseGeometry(layer: LayerNode, x: Dims): { cin: number; k: Pair; dm: number; oh: number; ow: number } {
  checkChannelsLast(layer);
  const [h, w, cin] = spatial(layer, x);
  const k = pairOf(layer, 'kernel_size', null);
  const dm = intOf(layer, 'depth_multiplier', 1);
  const [oh, ow] = windowed(layer, [h, w], k, pairOf(layer, 'strides', [1, 1]), pairOf(layer, 'dilation_rate', [1, 1]));
  return { cin, k, dm, oh, ow };
}
