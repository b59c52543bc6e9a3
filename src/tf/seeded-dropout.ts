/**
 * Seeded dropout masks. tfjs' Dropout layer draws its mask with `K.dropout(input, rate, noiseShape, this.seed)`;
 * with no seed (what a Keras topology gives) the mask comes from Math.random, so a seeded run with dropout does
 * not repeat. seedDropout gives every dropout layer of a model a seed for each training call: derived from the
 * run's seed, the layer's place in the model, the data-parallel replica and a per-layer call counter — a new mask
 * every step (a fixed seed would drop the same units every step), the same sequence in every run with that seed.
 * tfjs draws seeded noise in JavaScript, so the masks are the same on every backend.
 *
 * tfjs-layers 4.22's Dropout.call reads `this.seed` only in its training branch (inference returns the input) and
 * getConfig reads it for serialisation; the seed property answers with a drawn seed only while the layer's own
 * call runs, so serialised topologies keep their seed (null for ours) and inference draws nothing.
 */
import type * as tf from '@tensorflow/tfjs';

/** tfjs classes whose call reads `this.seed` for a dropout mask (SpatialDropout1D extends Dropout). */
const SEEDED_CLASSES = new Set(['Dropout', 'SpatialDropout1D']);

const runSeeds = new WeakMap<tf.LayersModel, number>();

/** A 32-bit mix of the parts (order matters): the seed of one mask. */
export function dropoutSeed(runSeed: number, layer: number, replica: number, call: number): number {
  let h = Math.imul(runSeed | 0, 0x9e3779b1) ^ 0x5eed;
  for (const part of [layer, replica, call]) {
    h = Math.imul(h ^ (part | 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** The model's dropout-capable layers in order, nested models included. */
function dropoutLayers(layers: readonly tf.layers.Layer[], out: tf.layers.Layer[] = []): tf.layers.Layer[] {
  for (const l of layers) {
    if (SEEDED_CLASSES.has(l.getClassName())) out.push(l);
    const nested = (l as { layers?: unknown }).layers;
    if (Array.isArray(nested)) dropoutLayers(nested as tf.layers.Layer[], out);
  }
  return out;
}

type CallFn = (inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>) => tf.Tensor | tf.Tensor[];

/**
 * Seeds the dropout layers of `model` from `runSeed` (replica 0: the model itself; 1…: data-parallel replicas,
 * each drawing its own masks for its shard). Returns the number of layers seeded. Call once per model.
 */
export function seedDropout(model: tf.LayersModel, runSeed: number, replica = 0): number {
  const layers = dropoutLayers(model.layers);
  layers.forEach((layer, index) => {
    const target = layer as unknown as { seed?: number | null; call: CallFn };
    let configured = target.seed;
    let drawing = false;
    let calls = 0;
    Object.defineProperty(target, 'seed', {
      configurable: true,
      get: () => (drawing ? dropoutSeed(runSeed, index, replica, calls++) : configured),
      set: (v: number | null | undefined) => {
        configured = v;
      },
    });
    const call = target.call.bind(layer) as CallFn;
    target.call = (inputs, kwargs) => {
      drawing = true;
      try {
        return call(inputs, kwargs);
      } finally {
        drawing = false;
      }
    };
  });
  runSeeds.set(model, runSeed);
  return layers.length;
}

/** The run seed seedDropout gave `model` (the data-parallel coordinator hands it to its replicas), if any. */
export function dropoutRunSeed(model: tf.LayersModel): number | undefined {
  return runSeeds.get(model);
}
