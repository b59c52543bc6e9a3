import * as tf from '@tensorflow/tfjs';
import { classLogits, outputLayerName, runLayers } from './run-layers';

/** The strongest channels of one block's output for one image. */
export interface BlockActivations {
  /** The layer whose output this is (the block's last layer). */
  layer: string;
  /** Output height × width × channels. */
  shape: [number, number, number];
  /** Channel indices shown, by decreasing mean activation. */
  channels: number[];
  /** Mean activation of each shown channel. */
  means: number[];
  /** The shown channels, each height × width row-major. */
  maps: Float32Array[];
}

export interface ImageActivations {
  /** Per requested layer (in request order), null for a layer whose output is not H×W×C. */
  blocks: (BlockActivations | null)[];
  /** The model's output for the image (softmax probabilities for a softmax classifier). */
  probabilities: number[];
}

/** HWC float32 pixels of one image → a [1, H, W, C] tensor. */
export function imageTensor(model: tf.LayersModel, pixels: Float32Array): tf.Tensor4D {
  const [h, w, c] = model.inputs[0].shape.slice(1) as number[];
  if (pixels.length !== h * w * c) throw new Error(`The image has ${pixels.length} values; the model's input is ${h}×${w}×${c} (${h * w * c}).`);
  return tf.tensor4d(pixels, [1, h, w, c]);
}

/**
 * The activations of `layers` for one image: for each H×W×C output, its `maxChannels` channels with the
 * highest mean activation (sorted, highest first), plus the model's output.
 */
export function imageActivations(model: tf.LayersModel, layers: readonly string[], pixels: Float32Array, maxChannels = 16): ImageActivations {
  let result: ImageActivations = { blocks: [], probabilities: [] };
  tf.tidy(() => {
    const values = runLayers(model, imageTensor(model, pixels));
    const blocks = layers.map((name): BlockActivations | null => {
      const t = values.get(name);
      if (!t) throw new Error(`No layer '${name}' in the model.`);
      if (t.rank !== 4) return null;
      const [, h, w, c] = t.shape;
      const data = t.dataSync();
      const means = new Float64Array(c);
      for (let i = 0; i < h * w; i++) for (let k = 0; k < c; k++) means[k] += data[i * c + k];
      const order = [...means.keys()].sort((a, b) => means[b] - means[a] || a - b).slice(0, maxChannels);
      const maps = order.map((k) => {
        const m = new Float32Array(h * w);
        for (let i = 0; i < h * w; i++) m[i] = data[i * c + k];
        return m;
      });
      return { layer: name, shape: [h, w, c], channels: order, means: order.map((k) => means[k] / (h * w)), maps };
    });
    const probabilities = Array.from((values.get(outputLayerName(model)) as tf.Tensor).dataSync());
    result = { blocks, probabilities };
  });
  return result;
}

/** Grad-CAM heat map of one class at one layer. */
export interface GradCam {
  layer: string;
  classIndex: number;
  /** The layer's output height × width; `map` is row-major in [0, 1] (all zeros when nothing is positive). */
  height: number;
  width: number;
  map: Float32Array;
  /** Largest value before normalisation. */
  peak: number;
}

/**
 * Grad-CAM (Selvaraju et al. 2017): weights α_k = mean over positions of ∂score/∂A_k for the class score
 * (the logit of a softmax classifier), map = ReLU(Σ_k α_k A_k), scaled to [0, 1] by its maximum.
 */
export function gradCam(model: tf.LayersModel, layer: string, pixels: Float32Array, classIndex: number): GradCam {
  const { map, height, width } = tf.tidy(() => {
    const x = imageTensor(model, pixels);
    const a = runLayers(model, x, undefined, [layer]).get(layer);
    if (!a) throw new Error(`No layer '${layer}' in the model.`);
    if (a.rank !== 4) throw new Error(`Grad-CAM needs an H×W×C layer; '${layer}' outputs ${a.shape.slice(1).join('×')}.`);
    const classes = (model.outputs[0].shape[model.outputs[0].shape.length - 1] ?? 0) as number;
    if (!(Number.isInteger(classIndex) && classIndex >= 0 && classIndex < classes))
      throw new Error(`Class ${classIndex} is outside 0–${classes - 1}.`);
    const score = (act: tf.Tensor) =>
      classLogits(model, runLayers(model, x, { layer, value: act }))
        .slice([0, classIndex], [1, 1])
        .sum();
    const g = tf.grad(score)(a) as tf.Tensor4D;
    const alpha = g.mean([1, 2], true);
    const cam = tf.relu(a.mul(alpha).sum(3)).squeeze([0]);
    return { map: cam, height: a.shape[1] as number, width: a.shape[2] as number };
  });
  const values = map.dataSync() as Float32Array;
  map.dispose();
  let peak = 0;
  for (const v of values) peak = Math.max(peak, v);
  const out = new Float32Array(values.length);
  if (peak > 0) for (let i = 0; i < out.length; i++) out[i] = values[i] / peak;
  return { layer, classIndex, height, width, map: out, peak };
}
