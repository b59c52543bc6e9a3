/**
 * Routes tfjs-layers BatchNormalization's training-mode call through the fused wasm kernels of
 * batch-norm-train.ts when the backend is wasm and the layer normalises the last axis with both scale and
 * center (the Keras default, and what every Sora block uses). Inference, other backends and other layer
 * configurations keep the stock code. The moving averages are updated exactly as the stock layer does, and the
 * saved model config is unchanged.
 */
import * as tf from '@tensorflow/tfjs';
import { batchNormTrain } from './batch-norm-train';

interface LayerVar {
  read(): tf.Tensor;
  write(t: tf.Tensor): void;
}
interface BatchNormInternals {
  axis: number;
  epsilon: number;
  momentum: number;
  center: boolean;
  scale: boolean;
  gamma: LayerVar | null;
  beta: LayerVar | null;
  movingMean: LayerVar;
  movingVariance: LayerVar;
}
type CallFn = (this: BatchNormInternals, inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }) => tf.Tensor | tf.Tensor[];

const PATCHED = Symbol.for('sora.batchNormFused');

function fusedEligible(layer: BatchNormInternals, x: tf.Tensor): boolean {
  const axis = layer.axis >= 0 ? layer.axis : layer.axis + x.rank;
  return (
    tf.getBackend() === 'wasm' &&
    x.dtype === 'float32' &&
    x.rank >= 2 &&
    axis === x.rank - 1 &&
    layer.center &&
    layer.scale &&
    layer.gamma != null &&
    layer.beta != null
  );
}

function movingAverage(variable: LayerVar, value: tf.Tensor, momentum: number): void {
  tf.tidy(() => {
    const orig = variable.read();
    variable.write(tf.sub(orig, tf.mul(tf.sub(orig, value), 1 - momentum)));
  });
}

/** Patches BatchNormalization.prototype.call once. */
export function patchBatchNormTraining(): void {
  const entry = tf.serialization.SerializationMap.getMap().classNameMap.BatchNormalization;
  if (!entry) throw new Error("tfjs-layers class 'BatchNormalization' is not registered; cannot patch it");
  const proto = entry[0].prototype as unknown as { call: CallFn; [PATCHED]?: boolean };
  if (proto[PATCHED]) return;
  const stock = proto.call;
  proto.call = function (this: BatchNormInternals, inputs, kwargs) {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (!(kwargs?.training ?? false) || !fusedEligible(this, x)) return stock.call(this, inputs, kwargs);
    return tf.tidy(() => {
      const [y, mean, variance] = batchNormTrain(x, this.gamma!.read(), this.beta!.read(), this.epsilon);
      movingAverage(this.movingMean, mean, this.momentum);
      movingAverage(this.movingVariance, variance, this.momentum);
      return y;
    });
  };
  proto[PATCHED] = true;
}
