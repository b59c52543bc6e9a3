import { isRecord } from '../json';

/** The Keras model config inside a topology: its `model_config` (Keras-converter wrapper) or the topology itself. */
export function modelConfigOf(topology: Record<string, unknown>): Record<string, unknown> {
  return isRecord(topology.model_config) ? topology.model_config : topology;
}
