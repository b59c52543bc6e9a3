/**
 * A data-parallel worker thread (Node worker_threads): its own tfjs-wasm backend and a replica of the model.
 * It blocks on the shared control word; for every step it loads the coordinator's weights, computes its
 * shard's gradients into its slot (replica-step.ts) and reports done. Started through gradient-worker.mjs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type * as tfTypes from '@tensorflow/tfjs';
import { CTRL_DONE, CTRL_ERROR, CTRL_N, CTRL_SEQ, CTRL_STOP, type SharedBuffers, type SharedLayout, shardBounds, viewsOf } from './layout';
import { errorMessage } from '../../core/result';

export interface GradientWorkerData {
  layout: SharedLayout;
  buffers: SharedBuffers;
  /** `model.toJSON(null, false)` of the coordinator's model (Keras topology, no weights). */
  topology: string;
  replica: number;
}

async function main(): Promise<void> {
  const d = workerData as GradientWorkerData;
  const { initWasmBackend } = await import('../wasm/init-wasm');
  const { kerasJsonToModel } = await import('../compile');
  const { registerSoraGradients } = await import('../tf-setup');
  const { loadWeights, runShard } = await import('./replica-step');
  await initWasmBackend();
  registerSoraGradients();
  const model: tfTypes.LayersModel = kerasJsonToModel(JSON.parse(d.topology), { zeroInit: true });
  const v = viewsOf(d.layout, d.buffers);
  const [h, w, c] = d.layout.imageShape;
  const size = h * w * c;
  const slot = v.slot(d.replica);
  // Read the step counter before reporting ready: the coordinator may start a step right after.
  let seen = Atomics.load(v.control, CTRL_SEQ);
  parentPort?.postMessage({ type: 'ready' });
  for (;;) {
    Atomics.wait(v.control, CTRL_SEQ, seen);
    seen = Atomics.load(v.control, CTRL_SEQ);
    if (Atomics.load(v.control, CTRL_STOP) !== 0) break;
    try {
      const n = Atomics.load(v.control, CTRL_N);
      const [start, end] = shardBounds(n, d.layout.replicas)[d.replica];
      if (end > start) {
        loadWeights(model, v.weights);
        runShard(model, v.images.subarray(start * size, end * size), v.labels.subarray(start, end), end - start, d.layout.numClasses, slot);
      } else slot.fill(0);
    } catch (e) {
      parentPort?.postMessage({ type: 'error', message: errorMessage(e) });
      Atomics.store(v.control, CTRL_ERROR, d.replica);
    }
    Atomics.add(v.control, CTRL_DONE, 1);
    Atomics.notify(v.control, CTRL_DONE);
  }
  model.dispose();
}

main().catch((e: unknown) => {
  parentPort?.postMessage({ type: 'error', message: errorMessage(e) });
});
