import * as tf from '@tensorflow/tfjs';
import { fieldBox, layerFields, type FieldBox } from './field-geometry';
import { runLayers } from './run-layers';

/** The effective receptive field of one layer's centre output position. */
export interface EffectiveField {
  /** Input height × width; `map` is row-major, one value per input pixel (channels summed). */
  height: number;
  width: number;
  /** Mean over the images of |∂(Σ_c y[centre, c]) / ∂x|, summed over the input channels. */
  map: Float32Array;
  /** Output position used (row, col) and the layer's output height × width. */
  centre: [number, number];
  outputSize: [number, number];
  /** The theoretical receptive field of that position in input pixels (may reach past the image). */
  theoretical: FieldBox;
  /** Smallest rectangle holding every non-zero value of `map` (null when the map is all zeros). */
  support: FieldBox | null;
  images: number;
}

/**
 * Effective receptive field (Luo et al. 2016): the gradient of the sum over channels of `layer`'s output at
 * its spatial centre with respect to the input, absolute value, averaged over `count` images (HWC float32
 * concatenated in `images`), computed in batches (16 images, 4 above 64×64 pixels). `between` runs after
 * each batch (the worker yields there, so its heartbeat and other messages get through on big models).
 */
export async function effectiveReceptiveField(
  model: tf.LayersModel,
  layer: string,
  images: Float32Array,
  count: number,
  between: () => Promise<void> = async () => undefined,
): Promise<EffectiveField> {
  const inShape = model.inputs[0].shape.slice(1) as number[];
  const [h, w, c] = inShape;
  const outShape = model.getLayer(layer).outputShape as (number | null)[];
  if (outShape.length !== 4) throw new Error(`Block output ${outShape.slice(1).join('×')} has no spatial centre: pick a block with an H×W×C output.`);
  if (count < 1 || images.length < count * h * w * c)
    throw new Error(`Need ${count} image(s) of ${h}×${w}×${c}, got ${Math.floor(images.length / (h * w * c))}.`);
  const [oh, ow] = [outShape[1] ?? 1, outShape[2] ?? 1];
  const centre: [number, number] = [Math.floor(oh / 2), Math.floor(ow / 2)];
  const batchSize = h * w > 64 * 64 ? 4 : 16;
  const sum = new Float64Array(h * w);
  for (let at = 0; at < count; at += batchSize) {
    const n = Math.min(batchSize, count - at);
    const part = tf.tidy(() => {
      const x = tf.tensor4d(images.subarray(at * h * w * c, (at + n) * h * w * c), [n, h, w, c]);
      const centreSum = (input: tf.Tensor) => {
        const y = runLayers(model, input, undefined, [layer]).get(layer) as tf.Tensor4D;
        return y.slice([0, centre[0], centre[1], 0], [n, 1, 1, -1]).sum();
      };
      // Each image's centre depends only on its own pixels, so one gradient of the batch sum gives every image's.
      return tf.grad(centreSum)(x).abs().sum([0, 3]);
    });
    const values = part.dataSync();
    part.dispose();
    for (let i = 0; i < values.length; i++) sum[i] += values[i];
    await between();
  }
  const map = new Float32Array(h * w);
  for (let i = 0; i < map.length; i++) map[i] = sum[i] / count;
  const field = layerFields(model).get(layer);
  if (!field) throw new Error(`No layer '${layer}' in the model.`);
  return {
    height: h,
    width: w,
    map,
    centre,
    outputSize: [oh, ow],
    theoretical: fieldBox(field, centre[0], centre[1]),
    support: supportBox(map, h, w),
    images: count,
  };
}

/** Bounding rectangle of the non-zero entries of a row-major h × w map. */
export function supportBox(map: Float32Array, h: number, w: number): FieldBox | null {
  let top = h;
  let left = w;
  let bottom = -1;
  let right = -1;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (map[y * w + x] === 0) continue;
      top = Math.min(top, y);
      bottom = Math.max(bottom, y);
      left = Math.min(left, x);
      right = Math.max(right, x);
    }
  }
  return bottom < 0 ? null : { top, left, height: bottom - top + 1, width: right - left + 1 };
}
