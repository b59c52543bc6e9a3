/**
 * Shared-memory layout of data-parallel training (pure: no tfjs, no worker_threads).
 *
 * One coordinator (the thread that owns the model and the optimizer, and computes shard 0 itself) and
 * `replicas − 1` worker threads share:
 *  - `control` (Int32Array): step sequence number, images in this step's batch, finished-worker count, stop flag;
 *  - `batch`: the step's images (float32, n·H·W·C) and labels (int32); each replica reads its contiguous shard;
 *  - `weights`: every model weight (trainable and not) in `model.weights` order — the coordinator writes them
 *    after its optimizer step, the workers load them before the next one;
 *  - one `slot` per replica: its shard's mean gradients (trainable weights order), its batch-norm moving
 *    statistics after the shard's forward pass (non-trainable weights order), then loss and correct count;
 *  - `momenta`: the coordinator's batch-norm momentum per BatchNormalization layer (model.layers order) for this
 *    step — the browser's BN warm-up (src/worker/bn-warmup.ts) changes it every step and the replicas follow.
 */

export const CTRL_SEQ = 0;
export const CTRL_N = 1;
export const CTRL_DONE = 2;
export const CTRL_STOP = 3;
export const CTRL_ERROR = 4;
export const CTRL_LENGTH = 8;

/** Float32 elements of one weight list. */
export function elementCount(shapes: readonly (readonly number[])[]): number {
  return shapes.reduce((s, shape) => s + shape.reduce((a, b) => a * b, 1), 0);
}

/** Start offsets of each shape in a packed float32 array. */
export function offsetsOf(shapes: readonly (readonly number[])[]): number[] {
  const out: number[] = [];
  let o = 0;
  for (const s of shapes) {
    out.push(o);
    o += s.reduce((a, b) => a * b, 1);
  }
  return out;
}

/**
 * Contiguous shards of a batch of `n` images over `replicas` replicas: [start, end) per replica, sizes differing
 * by at most one (the first n mod replicas shards get the extra image). A replica may get an empty shard.
 */
export function shardBounds(n: number, replicas: number): [number, number][] {
  const base = Math.floor(n / replicas);
  const extra = n % replicas;
  const out: [number, number][] = [];
  let start = 0;
  for (let r = 0; r < replicas; r++) {
    const size = base + (r < extra ? 1 : 0);
    out.push([start, start + size]);
    start += size;
  }
  return out;
}

/** What every thread needs to lay out its views over the shared buffers. */
export interface SharedLayout {
  replicas: number;
  /** Largest batch: the batch buffers hold this many images. */
  batchSize: number;
  imageShape: readonly [number, number, number];
  numClasses: number;
  /** Shapes of `model.trainableWeights` and of `model.nonTrainableWeights`, in order. */
  trainableShapes: number[][];
  stateShapes: number[][];
  /** Shapes of `model.weights` (trainable and non-trainable, as the model lists them). */
  weightShapes: number[][];
  /** BatchNormalization layers of the model (one momentum each); absent = 0. */
  batchNormLayers?: number;
  /** false: the coordinator computes no shard (slot 0 stays empty) and the `replicas − 1` workers split each batch. */
  ownShard?: boolean;
}

/** Each replica's [start, end) of a batch of `n` (shardBounds), slot 0 getting none when the coordinator computes no shard. */
export function replicaShards(l: Pick<SharedLayout, 'replicas' | 'ownShard'>, n: number): [number, number][] {
  return l.ownShard === false ? [[0, 0], ...shardBounds(n, l.replicas - 1)] : shardBounds(n, l.replicas);
}

export interface SharedBuffers {
  control: SharedArrayBuffer;
  images: SharedArrayBuffer;
  labels: SharedArrayBuffer;
  weights: SharedArrayBuffer;
  slots: SharedArrayBuffer;
  momenta: SharedArrayBuffer;
}

/** Float32 elements of one replica's slot: gradients, statistics, loss, hits. */
export function slotLength(l: SharedLayout): number {
  return elementCount(l.trainableShapes) + elementCount(l.stateShapes) + 2;
}

export function allocateShared(l: SharedLayout): SharedBuffers {
  const size = l.imageShape[0] * l.imageShape[1] * l.imageShape[2];
  return {
    control: new SharedArrayBuffer(CTRL_LENGTH * 4),
    images: new SharedArrayBuffer(l.batchSize * size * 4),
    labels: new SharedArrayBuffer(l.batchSize * 4),
    weights: new SharedArrayBuffer(elementCount(l.weightShapes) * 4),
    slots: new SharedArrayBuffer(l.replicas * slotLength(l) * 4),
    momenta: new SharedArrayBuffer((l.batchNormLayers ?? 0) * 4),
  };
}

/** Typed views over the shared buffers. */
export interface SharedViews {
  control: Int32Array;
  images: Float32Array;
  labels: Int32Array;
  weights: Float32Array;
  momenta: Float32Array;
  /** Replica r's slot. */
  slot(r: number): Float32Array;
}

export function viewsOf(l: SharedLayout, b: SharedBuffers): SharedViews {
  const len = slotLength(l);
  const slots = new Float32Array(b.slots);
  return {
    control: new Int32Array(b.control),
    images: new Float32Array(b.images),
    labels: new Int32Array(b.labels),
    weights: new Float32Array(b.weights),
    momenta: new Float32Array(b.momenta),
    slot: (r) => slots.subarray(r * len, (r + 1) * len),
  };
}
