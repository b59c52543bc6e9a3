/// <reference lib="webworker" />
/**
 * A data-parallel gradient worker, nested in the training worker (src/tf/parallel/browser-transport.ts starts
 * it): its own tfjs-wasm backend and a replica of the model (src/tf/parallel/browser-replica.ts). Its first
 * message carries the shared buffers and the model topology; it then blocks in the replica loop until the
 * coordinator raises the stop flag. The dataset never comes here: each step's batch is read from shared memory.
 */
import type { GradientWorkerEvent, GradientWorkerStart } from '../tf/parallel/browser-transport';
import { runBrowserReplica } from '../tf/parallel/browser-replica';

declare const self: DedicatedWorkerGlobalScope;

self.onmessage = (ev: MessageEvent<GradientWorkerStart>) => {
  self.onmessage = null;
  void runBrowserReplica(ev.data, (e: GradientWorkerEvent) => self.postMessage(e)).finally(() => self.close());
};
