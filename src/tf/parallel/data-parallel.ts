/**
 * Data-parallel training in Node: the coordinator (coordinator.ts) with its replicas in worker threads
 * (node-transport.ts → gradient-worker.ts). See docs/parallel-training.md.
 */
import type * as tf from '@tensorflow/tfjs';
import { DataParallelCoordinator, type DataParallelOptions } from './coordinator';
import { spawnNodeReplica } from './node-transport';

export type { DataParallelOptions, DataParallelTimings } from './coordinator';

/** The coordinator with Node worker-thread replicas. */
export type DataParallelRunner = DataParallelCoordinator;
export const DataParallelRunner = {
  start: (model: tf.LayersModel, opts: DataParallelOptions): Promise<DataParallelRunner> =>
    DataParallelCoordinator.start(model, opts, spawnNodeReplica),
};
