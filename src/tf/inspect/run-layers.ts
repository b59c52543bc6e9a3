import * as tf from '@tensorflow/tfjs';

/**
 * Runs a functional LayersModel layer by layer on concrete tensors (inference mode: batch-norm uses its
 * moving statistics, dropout passes through) and returns every layer's output by layer name. `replace`
 * substitutes a layer's output with a given tensor, so a function of that tensor continues through the
 * rest of the network — what gradients with respect to an intermediate activation (Grad-CAM) need.
 * Call inside tf.tidy / tf.grad: the returned tensors are not disposed here.
 */
export function runLayers(
  model: tf.LayersModel,
  input: tf.Tensor,
  replace?: { layer: string; value: tf.Tensor },
  /** Stop once every one of these layers has run (the rest of the network is skipped). */
  until?: readonly string[],
): Map<string, tf.Tensor> {
  const out = new Map<string, tf.Tensor>();
  for (const layer of model.layers) {
    if (until && until.every((name) => out.has(name))) break;
    if (replace && replace.layer === layer.name) {
      out.set(layer.name, replace.value);
      continue;
    }
    const node = layer.inboundNodes[0];
    if (!node || node.inboundLayers.length === 0) {
      out.set(layer.name, input);
      continue;
    }
    const inputs = node.inboundLayers.map((l) => {
      const t = out.get(l.name);
      if (!t) throw new Error(`layer '${layer.name}' runs before its input '${l.name}'`);
      return t;
    });
    const y = layer.apply(inputs.length === 1 ? inputs[0] : inputs, { training: false });
    if (Array.isArray(y)) throw new Error(`layer '${layer.name}' has several outputs; only single-output layers are supported`);
    out.set(layer.name, y as tf.Tensor);
  }
  return out;
}

/** The model's (single) output layer name. */
export function outputLayerName(model: tf.LayersModel): string {
  return model.outputLayers[0].name;
}

/**
 * Class scores before the softmax: for an output Dense layer with a softmax activation, its logits
 * (input · kernel + bias), so that Grad-CAM follows the class score and not the probability; otherwise the
 * output itself.
 */
export function classLogits(model: tf.LayersModel, values: Map<string, tf.Tensor>): tf.Tensor2D {
  const last = model.outputLayers[0];
  const config = last.getConfig();
  const out = values.get(last.name) as tf.Tensor;
  if (last.getClassName() !== 'Dense' || config.activation !== 'softmax') return out.reshape([out.shape[0], -1]) as tf.Tensor2D;
  const inbound = last.inboundNodes[0].inboundLayers[0];
  const x = values.get(inbound.name) as tf.Tensor2D;
  const [kernel, bias] = last.getWeights();
  const z = tf.matMul(x, kernel as tf.Tensor2D);
  return (config.useBias && bias ? tf.add(z, bias) : z) as tf.Tensor2D;
}
