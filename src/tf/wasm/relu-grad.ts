/**
 * ReLU's gradient without the Cast: tfjs' stock config computes dy · cast(step(x), 'float32'), and on wasm that
 * Cast of a float32 tensor to float32 is a full copy (three passes over the activation instead of two). For float32
 * inputs on wasm this config computes dy · step(x), the same values; other dtypes and backends keep the stock one.
 */
import * as tf from '@tensorflow/tfjs';

const REPLACED = Symbol.for('sora.replacedReluGrad');
type Marked = tf.GradConfig & { [REPLACED]?: tf.GradConfig };

let registered = false;

/** Registers (once) the ReLU gradient described above. */
export function registerReluGrad(): void {
  if (registered) return;
  const current = tf.getGradient('Relu') as Marked | undefined;
  if (current == null) return;
  const stock = current[REPLACED] ?? current;
  const config: Marked = {
    kernelName: 'Relu',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved;
      const g = Array.isArray(dy) ? dy[0] : dy;
      if (tf.getBackend() !== 'wasm' || x.dtype !== 'float32' || g.dtype !== 'float32') return stock.gradFunc(dy, saved, attrs);
      return { x: () => tf.mul(g, tf.step(x)) };
    },
  };
  config[REPLACED] = stock;
  tf.registerGradient(config);
  registered = true;
}
