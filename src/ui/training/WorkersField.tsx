import { useAppStore } from '../../state/store';
import { autoWorkers, MAX_WORKERS } from '../../core/parallel/worker-count';

function cores(): number {
  return typeof navigator !== 'undefined' && navigator.hardwareConcurrency > 0 ? navigator.hardwareConcurrency : 1;
}

/**
 * The Train tab's "Workers" control, next to the backend selector: how many data-parallel workers a WASM run
 * splits every batch over (docs/parallel-training.md). Auto = all cores but one (both on a 2-core machine); WebGL and pages that are not
 * cross-origin isolated train on one worker whatever is chosen (the backend line says why).
 */
export function WorkersField(props: { disabled: boolean }) {
  const workers = useAppStore((s) => s.trainingWorkers);
  const setWorkers = useAppStore((s) => s.setTrainingWorkers);
  const n = cores();
  const counts = Array.from({ length: Math.min(MAX_WORKERS, Math.max(2, n)) }, (_, i) => i + 1);
  return (
    <label className="tp-field" title="Data-parallel workers for WASM training: each computes the gradients of a share of every batch">
      <span>Workers</span>
      <select
        data-testid="cfg-workers"
        value={String(workers)}
        disabled={props.disabled}
        onChange={(e) => setWorkers(e.currentTarget.value === 'auto' ? 'auto' : Number(e.currentTarget.value))}
      >
        <option value="auto">Auto ({autoWorkers(n)})</option>
        {counts.map((c) => (
          <option key={c} value={String(c)}>
            {c}
          </option>
        ))}
      </select>
    </label>
  );
}
