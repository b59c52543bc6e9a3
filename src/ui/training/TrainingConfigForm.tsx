import { TRAIN_FIELDS } from '../../core/training/train-fields';
import { fieldPatch, fieldValue, type TrainFieldSpec, type TrainFieldValue } from '../../core/training/train-field';
import { trainConfigProblems } from '../../core/training/validate';
import { useAppStore } from '../../state/store';
import type { BackendPreference, TrainConfig } from '../../worker/protocol';
import { WorkersField } from './WorkersField';

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
  title?: string;
  /** The validation message when the stored value is refused. */
  error?: string;
  /** Shown when empty; with onClear, an empty field means "no value" (e.g. all images, no time limit). */
  placeholder?: string;
  onChange(v: number): void;
  onClear?(): void;
}) {
  return (
    <label className="tp-field" title={props.title}>
      <span>{props.label}</span>
      <input
        type="number"
        data-testid={props.testId}
        value={props.value ?? ''}
        min={Number.isFinite(props.min) ? props.min : undefined}
        max={Number.isFinite(props.max) ? props.max : undefined}
        step={props.step}
        placeholder={props.placeholder}
        disabled={props.disabled}
        aria-invalid={props.error ? true : undefined}
        onChange={(e) => {
          const v = e.currentTarget.valueAsNumber;
          if (Number.isFinite(v)) props.onChange(v);
          else if (e.currentTarget.value === '' && !e.currentTarget.validity.badInput) props.onClear?.();
        }}
      />
      {props.error && <small className="field__error">{props.error}</small>}
    </label>
  );
}

/** One setting's input, generated from its field descriptor (src/core/training/train-fields.ts). */
function SettingField(props: {
  field: TrainFieldSpec;
  config: TrainConfig;
  disabled: boolean;
  error?: string;
  set(value: TrainFieldValue | undefined): void;
}) {
  const { field: f, config, disabled, set } = props;
  const stored = fieldValue(config, f.key) ?? f.absent;
  if (f.type === 'enum') {
    return (
      <label className="tp-field" title={f.help}>
        <span>{f.label}</span>
        <select data-testid={f.form.testId} value={String(stored ?? '')} disabled={disabled} onChange={(e) => set(e.currentTarget.value)}>
          {f.options.map((o) => (
            <option key={o} value={o}>
              {f.form.optionLabels?.[o] ?? o}
            </option>
          ))}
        </select>
      </label>
    );
  }
  if (f.type === 'bool') {
    return (
      <label className="tp-field tp-check" title={f.help}>
        <input
          type="checkbox"
          data-testid={f.form.testId}
          checked={stored === true}
          disabled={disabled}
          onChange={(e) => set(e.currentTarget.checked)}
        />
        <span>{f.label}</span>
      </label>
    );
  }
  const scale = f.form.scale;
  const factor = scale?.factor ?? 1;
  const shown =
    typeof stored === 'number' ? (scale ? Math.round((stored / factor) * 10 ** scale.decimals) / 10 ** scale.decimals : stored) : undefined;
  const unit = scale?.unit ?? f.unit;
  return (
    <NumberField
      label={unit ? `${f.label} (${unit})` : f.label}
      testId={f.form.testId}
      title={f.help}
      value={shown}
      min={f.min / factor}
      max={f.max / factor}
      step={f.form.step ?? 'any'}
      placeholder={f.form.placeholder}
      disabled={disabled}
      error={props.error}
      onChange={(v) => set(f.type === 'int' ? Math.round(v * factor) : v * factor)}
      onClear={!f.required && f.form.placeholder !== undefined ? () => set(undefined) : undefined}
    />
  );
}

/**
 * The training settings of TRAIN_FIELDS (optimizer, learning rate and its schedule, batch size, epochs, time limit,
 * validation split, seed, subset, augmentation), then early stopping and the backend. A refused value is marked
 * with the core's message.
 */
export function TrainingConfigForm() {
  const c = useAppStore((s) => s.trainingConfig);
  const backend = useAppStore((s) => s.trainingBackend);
  const setConfig = useAppStore((s) => s.setTrainingConfig);
  const setBackend = useAppStore((s) => s.setTrainingBackend);
  const earlyStop = useAppStore((s) => s.earlyStoppingPatience);
  const setEarlyStop = useAppStore((s) => s.setEarlyStoppingPatience);
  const disabled = useAppStore((s) => s.liveRun?.status === 'running' || s.liveRun?.status === 'paused');
  const problems = new Map(trainConfigProblems(c).map((p) => [p.key, p.message]));
  return (
    <section className="tp-card" aria-label="Training settings">
      <h3>Settings</h3>
      <div className="tp-grid">
        {TRAIN_FIELDS.filter((f) => f.form.visible?.(c) ?? true).map((f) => (
          <SettingField
            key={f.key}
            field={f}
            config={c}
            disabled={disabled}
            error={problems.get(f.key)}
            set={(v) => setConfig(fieldPatch(c, TRAIN_FIELDS, f.key, v))}
          />
        ))}
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
        <WorkersField disabled={disabled} />
      </div>
    </section>
  );
}
