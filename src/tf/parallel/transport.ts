/**
 * How the data-parallel coordinator (coordinator.ts) starts its replicas: a Node worker thread
 * (node-transport.ts) or a browser Web Worker (src/worker/gradient-workers.ts). The step protocol itself runs
 * over the shared buffers (layout.ts); the transport only starts a replica, reports its readiness or failure,
 * and ends it.
 */
import type { SharedBuffers, SharedLayout } from './layout';

/** What a replica receives when it starts. */
export interface ReplicaInit {
  layout: SharedLayout;
  buffers: SharedBuffers;
  /** `model.toJSON(null, false)` of the coordinator's model (Keras topology, no weights). */
  topology: string;
  /** 1 … replicas − 1 (the coordinator computes shard 0). */
  replica: number;
  /** The run seed of the coordinator's dropout masks (seedDropout), if seeded: the replica seeds its own from it. */
  dropoutSeed?: number;
}

/** What a started replica tells the coordinator. */
export interface ReplicaEvents {
  ready(): void;
  /** The replica failed (it could not start, or a step threw). */
  error(message: string): void;
  /** The replica ended on its own (not through end()). */
  exit(detail: string): void;
}

export interface ReplicaHandle {
  /** Called after the stop flag is raised: resolves when the replica is gone. */
  end(): Promise<void>;
}

export type SpawnReplica = (init: ReplicaInit, events: ReplicaEvents) => ReplicaHandle;
