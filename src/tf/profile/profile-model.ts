import * as tf from '@tensorflow/tfjs';
import type { Design } from '../../core/graph/types';
import { attributeToBlocks, median } from './attribute';
import type { LatencyProfile } from '../../core/profile/latency-types';

export interface ProfileOptions {
  batch: number;
  /** Timed repeats (each: one whole-model run and one layer-by-layer run). Default 20 (maxSeconds may stop it earlier). */
  runs?: number;
  /** Untimed repeats first (kernel set-up, shader compilation, allocator warm-up). Default 3. */
  warmup?: number;
  /** Stop timing after this many seconds even if fewer runs were made (at least 3 runs). Default 8. */
  maxSeconds?: number;
  /** XNNPACK threads to report (wasm); null when unknown. */
  threads?: number | null;
  /** Yields between repeats (the worker uses it to stay responsive). */
  yieldToEvents?: () => Promise<void>;
}

/** Upper bounds keep a mistyped option from running for minutes. */
export const MAX_PROFILE_BATCH = 1024;
export const MAX_PROFILE_RUNS = 1000;

/** The layers in execution order with each one's input layer names (Container keeps them topologically sorted). */
function layerPlan(model: tf.LayersModel): { layer: tf.layers.Layer; inputs: string[]; isInput: boolean }[] {
  return model.layers.map((layer) => ({
    layer,
    isInput: layer.getClassName() === 'InputLayer',
    inputs: layer.inboundNodes[0]?.inboundLayers.map((l) => l.name) ?? [],
  }));
}

/** One layer-by-layer pass: every layer's apply timed up to its output being readable. Returns ms per layer. */
async function layeredPass(model: tf.LayersModel, x: tf.Tensor): Promise<Map<string, number>> {
  const plan = layerPlan(model);
  const uses = new Map<string, number>();
  for (const p of plan) for (const name of p.inputs) uses.set(name, (uses.get(name) ?? 0) + 1);
  const outputs = new Map<string, tf.Tensor>();
  const times = new Map<string, number>();
  try {
    for (const p of plan) {
      if (p.isInput) {
        outputs.set(p.layer.name, x);
        continue;
      }
      const inputs = p.inputs.map((name) => {
        const t = outputs.get(name);
        if (!t) throw new Error(`layer '${p.layer.name}' runs before its input '${name}'`);
        return t;
      });
      const start = tf.util.now();
      const out = tf.tidy(() => p.layer.apply(inputs.length === 1 ? inputs[0] : inputs, { training: false }) as tf.Tensor);
      await out.data();
      times.set(p.layer.name, tf.util.now() - start);
      outputs.set(p.layer.name, out);
      for (const name of p.inputs) {
        const left = (uses.get(name) ?? 1) - 1;
        uses.set(name, left);
        const t = outputs.get(name);
        if (left === 0 && t && t !== x) {
          t.dispose();
          outputs.delete(name);
        }
      }
    }
  } finally {
    for (const t of outputs.values()) if (t !== x) t.dispose();
  }
  return times;
}

/** One whole-model inference of the batch, fenced by reading the output back; ms. */
async function wholePass(model: tf.LayersModel, x: tf.Tensor, batch: number): Promise<number> {
  const start = tf.util.now();
  const y = model.predict(x, { batchSize: batch }) as tf.Tensor;
  try {
    await y.data();
    return tf.util.now() - start;
  } finally {
    y.dispose();
  }
}

/**
 * Measures inference latency of a compiled design on the current tfjs backend: the whole model (model.predict,
 * median over runs) and layer by layer (each layer's apply fenced by reading its output, median per layer),
 * the layers mapped back to blocks through `blockLayers` (designToKerasModel). Whole-model and layered runs
 * alternate so both see the same machine load. Weights do not matter for speed; random inputs are used.
 */
export async function profileModel(
  design: Design,
  model: tf.LayersModel,
  blockLayers: Record<string, string[]>,
  options: ProfileOptions,
): Promise<LatencyProfile> {
  const batch = options.batch;
  const runs = options.runs ?? 20;
  if (!(Number.isInteger(batch) && batch >= 1 && batch <= MAX_PROFILE_BATCH))
    throw new Error(`Batch must be an integer 1–${MAX_PROFILE_BATCH}, got ${batch}`);
  if (!(Number.isInteger(runs) && runs >= 1 && runs <= MAX_PROFILE_RUNS))
    throw new Error(`Runs must be an integer 1–${MAX_PROFILE_RUNS}, got ${runs}`);
  const shape = model.inputs[0].shape.map((d, i) => (i === 0 ? batch : (d as number)));
  const x = tf.randomUniform(shape, 0, 1, 'float32', 7);
  const maxMs = (options.maxSeconds ?? 8) * 1000;
  try {
    for (let i = 0; i < (options.warmup ?? 3); i++) {
      await wholePass(model, x, batch);
      await layeredPass(model, x);
      await options.yieldToEvents?.();
    }
    const whole: number[] = [];
    const perLayer = new Map<string, number[]>();
    const began = tf.util.now();
    while (whole.length < runs && (whole.length < 3 || tf.util.now() - began < maxMs)) {
      whole.push(await wholePass(model, x, batch));
      for (const [name, ms] of await layeredPass(model, x)) {
        const list = perLayer.get(name) ?? [];
        list.push(ms);
        perLayer.set(name, list);
      }
      await options.yieldToEvents?.();
    }
    const layerMs = new Map([...perLayer].map(([name, list]) => [name, median(list)] as const));
    const blocks = attributeToBlocks(design, blockLayers, layerMs);
    const wholeModelMs = median(whole);
    return {
      backend: tf.getBackend(),
      threads: options.threads ?? null,
      batch,
      runs: whole.length,
      wholeModelMs,
      msPerImage: wholeModelMs / batch,
      imagesPerSecond: wholeModelMs > 0 ? (1000 * batch) / wholeModelMs : 0,
      layersSumMs: blocks.reduce((s, b) => s + b.ms, 0),
      blocks,
    };
  } finally {
    x.dispose();
  }
}
