/**
 * The loop every data-parallel replica runs, in a Node worker thread (gradient-worker.ts) or a browser Web Worker
 * (src/worker/gradient.worker.ts): block on the shared control word; for every step load the coordinator's
 * weights and batch-norm momenta, compute this replica's shard into its slot (replica-step.ts) and report done.
 * Blocks the thread (Atomics.wait) until the coordinator raises the stop flag.
 */
import type * as tf from '@tensorflow/tfjs';
import { CTRL_DONE, CTRL_ERROR, CTRL_N, CTRL_SEQ, CTRL_STOP, replicaShards, viewsOf } from './layout';
import { loadMomenta, loadWeights, runShard } from './replica-step';
import type { ReplicaInit } from './transport';
import { errorMessage } from '../../core/result';

export interface ReplicaReports {
  ready(): void;
  error(message: string): void;
}

export function serveReplica(init: ReplicaInit, model: tf.LayersModel, report: ReplicaReports): void {
  const v = viewsOf(init.layout, init.buffers);
  const [h, w, c] = init.layout.imageShape;
  const size = h * w * c;
  const slot = v.slot(init.replica);
  // Read the step counter before reporting ready: the coordinator may start a step right after.
  let seen = Atomics.load(v.control, CTRL_SEQ);
  report.ready();
  for (;;) {
    Atomics.wait(v.control, CTRL_SEQ, seen);
    seen = Atomics.load(v.control, CTRL_SEQ);
    if (Atomics.load(v.control, CTRL_STOP) !== 0) break;
    try {
      const n = Atomics.load(v.control, CTRL_N);
      const [start, end] = replicaShards(init.layout, n)[init.replica];
      if (end > start) {
        loadWeights(model, v.weights);
        loadMomenta(model, v.momenta);
        runShard(model, v.images.subarray(start * size, end * size), v.labels.subarray(start, end), end - start, init.layout.numClasses, slot);
      } else slot.fill(0);
    } catch (e) {
      report.error(errorMessage(e));
      Atomics.store(v.control, CTRL_ERROR, init.replica);
    }
    Atomics.add(v.control, CTRL_DONE, 1);
    Atomics.notify(v.control, CTRL_DONE);
  }
}
