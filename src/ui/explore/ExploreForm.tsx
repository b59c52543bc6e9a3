import type { Design } from '../../core/graph/types';
import { dilationBlocks, dilationField, type AxisField, type SearchPreview } from '../../state/explore/explore-form';
import { useExploreStore } from '../../state/explore/explore-store';
import { formatCompact } from '../summary/format';

function AxisRow({
  label,
  field,
  testId,
  disabled,
  onChange,
}: {
  label: string;
  field: AxisField;
  testId: string;
  disabled: boolean;
  onChange(f: AxisField): void;
}) {
  return (
    <div className="ex-axis">
      <label className="tp-check">
        <input
          type="checkbox"
          checked={field.on}
          disabled={disabled}
          onChange={(e) => onChange({ ...field, on: e.currentTarget.checked })}
          data-testid={`${testId}-on`}
        />
        <span>{label}</span>
      </label>
      <input
        type="text"
        aria-label={`${label} values`}
        value={field.values}
        disabled={disabled || !field.on}
        onChange={(e) => onChange({ ...field, values: e.currentTarget.value })}
        data-testid={`${testId}-values`}
      />
    </div>
  );
}

function LimitField({
  label,
  value,
  testId,
  disabled,
  onChange,
}: {
  label: string;
  value: number | undefined;
  testId: string;
  disabled: boolean;
  onChange(v: number | undefined): void;
}) {
  return (
    <label className="tp-field">
      <span>
        {label} {value !== undefined && <span className="tp-muted">({formatCompact(value)})</span>}
      </span>
      <input
        type="number"
        min={1}
        step="any"
        placeholder="no limit"
        value={value ?? ''}
        disabled={disabled}
        onChange={(e) => {
          const v = e.currentTarget.valueAsNumber;
          onChange(Number.isFinite(v) && v > 0 ? v : undefined);
        }}
        data-testid={testId}
      />
    </label>
  );
}

const REMOVED_LABEL = { maxParams: 'the params cap', maxMacs: 'the MACs cap', maxLatencyMs: 'the latency cap' } as const;

/** What may vary, the constraints and the budget, with the core's instant counts (candidates, removed per constraint, plan). */
export function ExploreSettings({ design, preview, disabled }: { design: Design; preview: SearchPreview; disabled: boolean }) {
  const form = useExploreStore((s) => s.form);
  const setForm = useExploreStore((s) => s.setForm);
  const blocks = dilationBlocks(design);
  const g = preview.generation;
  const f = preview.filtered;
  const plan = preview.plan;
  return (
    <section className="tp-card" aria-label="Search settings">
      <h3>What may vary</h3>
      <AxisRow label="Width ×" field={form.width} testId="explore-width" disabled={disabled} onChange={(width) => setForm({ width })} />
      {blocks.map((b) => (
        <AxisRow
          key={b}
          label={`Dilation of ${b}`}
          field={dilationField(form, b)}
          testId={`explore-dil-${b}`}
          disabled={disabled}
          onChange={(field) => setForm({ dilation: { ...form.dilation, [b]: field } })}
        />
      ))}
      <label className="tp-field">
        <span>More axes, one per line (filters:&lt;block&gt;=16,32 · kernel:&lt;block&gt;=3,5 · depth:&lt;block&gt;=1,2)</span>
        <textarea
          rows={2}
          value={form.more}
          disabled={disabled}
          onChange={(e) => setForm({ more: e.currentTarget.value })}
          data-testid="explore-more"
        />
      </label>
      <h3>Constraints and budget</h3>
      <div className="tp-grid">
        <LimitField
          label="Max params"
          value={form.maxParams}
          testId="explore-max-params"
          disabled={disabled}
          onChange={(maxParams) => setForm({ maxParams })}
        />
        <LimitField
          label="Max MACs"
          value={form.maxMacs}
          testId="explore-max-macs"
          disabled={disabled}
          onChange={(maxMacs) => setForm({ maxMacs })}
        />
        <label className="tp-field">
          <span>Time budget (s)</span>
          <input
            type="number"
            min={1}
            step={1}
            value={Number.isFinite(form.budgetSeconds) ? form.budgetSeconds : ''}
            disabled={disabled}
            onChange={(e) => setForm({ budgetSeconds: e.currentTarget.valueAsNumber })}
            data-testid="explore-budget"
          />
        </label>
      </div>
      <div className="ex-counts" data-testid="explore-counts" aria-live="polite">
        {g && (
          <p>
            <b data-testid="explore-count" data-count={f?.kept.length ?? 0}>
              {f?.kept.length ?? 0} candidate{f?.kept.length === 1 ? '' : 's'}
            </b>{' '}
            of {g.gridSize} combination{g.gridSize === 1 ? '' : 's'}
            {g.mode === 'random' ? ` (${g.tried} sampled)` : ''}
          </p>
        )}
        {f &&
          (Object.keys(REMOVED_LABEL) as (keyof typeof REMOVED_LABEL)[])
            .filter((k) => f.removedBy[k] > 0)
            .map((k) => (
              <p key={k} data-testid={`explore-removed-${k}`} data-count={f.removedBy[k]}>
                {f.removedBy[k]} removed by {REMOVED_LABEL[k]}
              </p>
            ))}
        {g && g.duplicates > 0 && (
          <p data-testid="explore-duplicates">
            {g.duplicates} duplicate design{g.duplicates === 1 ? '' : 's'} dropped
          </p>
        )}
        {g?.invalid.map((i) => (
          <p key={i.reason} className="tp-muted">
            {i.count} invalid: {i.reason}
          </p>
        ))}
        {plan && (
          <p className="tp-muted" data-testid="explore-plan">
            {plan.candidates < (f?.kept.length ?? 0) ? `The budget trains ${plan.candidates} of them. ` : ''}
            Rounds: {plan.rungs.map((r) => `${r.candidates} × ${r.secondsEach.toFixed(1)} s`).join(' → ')}
          </p>
        )}
        {preview.problems.map((p) => (
          <p key={p} className="tp-error" role="alert">
            {p}
          </p>
        ))}
      </div>
    </section>
  );
}
