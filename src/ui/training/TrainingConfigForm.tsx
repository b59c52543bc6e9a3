import { useAppStore } from '../../state/store';
import type { BackendPreference, OptimizerName, TrainConfig } from '../../worker/protocol';

// No WebGPU entry: tfjs 4.22's bundle has no WebGPU backend, and @tensorflow/tfjs-backend-webgpu failed on the only
// adapter we can test with (SwiftShader), so it is not offered (docs/backend-equivalence.md).
const BACKENDS: { value: BackendPreference; label: string }[] = [
  { value: 'auto', label: 'Auto (fastest)' },
  { value: 'webgl', label: 'WebGL' },
  { value: 'wasm', label: 'WASM' },
  { value: 'cpu', label: 'CPU (slow)' },
];

function NumberField(props: {
  label: string;
  value: number | undefined;
  min: number;
  max: number;
  step: number | 'any';
  disabled: boolean;
  testId: string;
  /** Shown when empty; with onClear, an empty field means "no value" (e.g. all images, no time limit). */
  placeholder?: string;
  onChange(v: number): void;
  onClear?(): void;
}) {
  return (
    <label className="tp-field">
      <span>{props.label}</span>
      <input
        type="number"
        data-testid={props.testId}
        value={props.value ?? ''}
        min={props.min}
        max={props.max}
        step={props.step}
        placeholder={props.placeholder}
        disabled={props.disabled}
        onChange={(e) => {
          const v = e.currentTarget.valueAsNumber;
          if (Number.isFinite(v)) props.onChange(v);
          else if (e.currentTarget.value === '' && !e.currentTarget.validity.badInput) props.onClear?.();
        }}
      />
    </label>
  );
}

/**
 * Optimizer, learning rate and its schedule, batch size, epochs, time limit, validation split, seed, subset,
 * augmentation and backend.
 */
export function TrainingConfigForm() {
  const c = useAppStore((s) => s.trainingConfig);
  const backend = useAppStore((s) => s.trainingBackend);
  const setConfig = useAppStore((s) => s.setTrainingConfig);
  const setBackend = useAppStore((s) => s.setTrainingBackend);
  const earlyStop = useAppStore((s) => s.earlyStoppingPatience);
  const setEarlyStop = useAppStore((s) => s.setEarlyStoppingPatience);
  const disabled = useAppStore((s) => s.liveRun?.status === 'running' || s.liveRun?.status === 'paused');
  const augment = c.augment ?? { shiftPixels: 0, flip: false };
  return (
    <section className="tp-card" aria-label="Training settings">
      <h3>Settings</h3>
      <div className="tp-grid">
        <label className="tp-field">
          <span>Optimizer</span>
          <select
            data-testid="cfg-optimizer"
            value={c.optimizer}
            disabled={disabled}
            onChange={(e) => setConfig({ optimizer: e.currentTarget.value as OptimizerName })}
          >
            <option value="sgd">SGD (momentum)</option>
            <option value="adam">Adam</option>
            <option value="rmsprop">RMSprop</option>
          </select>
        </label>
        <NumberField
          label="Learning rate"
          testId="cfg-lr"
          value={c.learningRate}
          min={0}
          max={1e6}
          step="any"
          disabled={disabled}
          onChange={(v) => setConfig({ learningRate: v })}
        />
        {c.optimizer === 'sgd' && (
          <NumberField
            label="Momentum"
            testId="cfg-momentum"
            value={c.momentum}
            min={0}
            max={0.999}
            step={0.05}
            disabled={disabled}
            onChange={(v) => setConfig({ momentum: v })}
          />
        )}
        <label className="tp-field">
          <span>LR schedule</span>
          <select
            data-testid="cfg-schedule"
            value={c.schedule ?? 'constant'}
            disabled={disabled}
            title="Cosine: a short warm-up, then the rate decays to zero by the end of the run (the epochs or the time limit, whichever comes first)"
            onChange={(e) => setConfig({ schedule: e.currentTarget.value as NonNullable<TrainConfig['schedule']> })}
          >
            <option value="cosine">Cosine (decay to 0)</option>
            <option value="constant">Constant</option>
          </select>
        </label>
        <NumberField
          label="Batch size"
          testId="cfg-batch"
          value={c.batchSize}
          min={1}
          max={4096}
          step={1}
          disabled={disabled}
          onChange={(v) => setConfig({ batchSize: Math.round(v) })}
        />
        <NumberField
          label="Epochs"
          testId="cfg-epochs"
          value={c.epochs}
          min={1}
          max={1000}
          step={1}
          disabled={disabled}
          onChange={(v) => setConfig({ epochs: Math.round(v) })}
        />
        <NumberField
          label="Time limit (min)"
          testId="cfg-time-limit"
          value={c.timeLimitSeconds === undefined ? undefined : Math.round((c.timeLimitSeconds / 60) * 100) / 100}
          min={0.1}
          max={24 * 60}
          step="any"
          placeholder="none"
          disabled={disabled}
          onChange={(v) => setConfig({ timeLimitSeconds: v * 60 })}
          onClear={() => setConfig({ timeLimitSeconds: undefined })}
        />
        <NumberField
          label="Validation split"
          testId="cfg-val"
          value={c.validationSplit}
          min={0}
          max={0.5}
          step={0.05}
          disabled={disabled}
          onChange={(v) => setConfig({ validationSplit: v })}
        />
        <NumberField
          label="Shuffle seed"
          testId="cfg-seed"
          value={c.seed}
          min={0}
          max={2 ** 31 - 1}
          step={1}
          disabled={disabled}
          onChange={(v) => setConfig({ seed: Math.round(v) })}
        />
        <NumberField
          label="Train images (subset)"
          testId="cfg-limit"
          value={c.limit}
          min={1}
          max={10_000_000}
          step={100}
          placeholder="all"
          disabled={disabled}
          onChange={(v) => setConfig({ limit: Math.round(v) })}
          onClear={() => setConfig({ limit: undefined })}
        />
        <NumberField
          label="Shift (px)"
          testId="cfg-shift"
          value={augment.shiftPixels}
          min={0}
          max={8}
          step={1}
          disabled={disabled}
          onChange={(v) => setConfig({ augment: { ...augment, shiftPixels: Math.round(v) } })}
        />
        <label className="tp-field tp-check">
          <input
            type="checkbox"
            data-testid="cfg-flip"
            checked={augment.flip}
            disabled={disabled}
            onChange={(e) => setConfig({ augment: { ...augment, flip: e.currentTarget.checked } })}
          />
          <span>Horizontal flip</span>
        </label>
        <label
          className="tp-field tp-check"
          title="Stop when validation accuracy has not improved for N epochs and keep the best epoch's weights (needs a validation split)"
        >
          <input
            type="checkbox"
            data-testid="cfg-early-stop"
            checked={earlyStop !== null}
            disabled={disabled}
            onChange={(e) => setEarlyStop(e.currentTarget.checked ? 3 : null)}
          />
          <span>Early stopping</span>
        </label>
        {earlyStop !== null && (
          <NumberField
            label="Patience (epochs)"
            testId="cfg-patience"
            value={earlyStop}
            min={1}
            max={100}
            step={1}
            disabled={disabled}
            onChange={(v) => setEarlyStop(Math.max(1, Math.round(v)))}
          />
        )}
        <label className="tp-field">
          <span>Backend</span>
          <select
            data-testid="cfg-backend"
            value={backend}
            disabled={disabled}
            onChange={(e) => setBackend(e.currentTarget.value as BackendPreference)}
          >
            {BACKENDS.map((b) => (
              <option key={b.value} value={b.value}>
                {b.label}
              </option>
            ))}
          </select>
        </label>
      </div>
    </section>
  );
}
