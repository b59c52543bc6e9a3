import { failLayer } from '../layer-config';
import { declaredInputShape } from '../reader/layer-graph';
import type { Dims, LayerNode } from '../types';
import type { KerasClass } from './types';

/** The model input's dims from batch_input_shape / batch_shape (batch dim first): [features] or [H, W, C]. */
export function inputDims(layer: LayerNode): Dims {
  const shape = layer.config.batch_input_shape ?? layer.config.batch_shape;
  if (!Array.isArray(shape) || shape.length < 2) failLayer(layer, 'has no batch_input_shape');
  const dims = shape.slice(1);
  if (!dims.every((d): d is number => typeof d === 'number' && Number.isInteger(d) && d > 0)) {
    failLayer(layer, `input shape ${JSON.stringify(shape)} is not fully known; export needs a fixed input size`);
  }
  if (dims.length !== 1 && dims.length !== 3) failLayer(layer, `inputs must be [features] or [H, W, C], got [${dims.join(', ')}]`);
  return dims;
}

/** The model input; the generators write it themselves (keras.Input, the forward's argument), so no call here. */
export const InputLayer: KerasClass = {
  takes: 'none',
  infer: (layer) => ({ out: inputDims(layer), weights: [] }),
  toBlock(r) {
    const shape = declaredInputShape(r.cfg);
    if (!shape) return r.fail('has no batch_input_shape / batch_shape');
    const dims = shape.slice(1);
    const text = `[${dims.map((d) => (d === null ? 'None' : String(d))).join(', ')}]`;
    if (dims.length !== 3) {
      r.fail(`input shape ${text} is not an image: Sora designs take (height, width, channels) inputs`);
    }
    if (dims.some((d) => typeof d !== 'number' || !Number.isInteger(d) || d < 1)) {
      r.fail(`input shape ${text} has an unknown or invalid dimension; set a fixed height, width and channels`);
    }
    const [height, width, channels] = dims as number[];
    return { kind: 'input', params: { height, width, channels } };
  },
};
