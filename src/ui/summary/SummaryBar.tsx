import { formatBytes, formatCompact, formatExact, formatReceptiveField, formatShape } from './format';
import { ProblemsBadge } from './ProblemsBadge';
import { shownTotals } from '../../core/graph/totals';
import { nothingResolved } from './resolved-totals';
import { useAnalysis } from './use-analysis';
import { MeasuredSpeed } from '../latency/MeasuredSpeed';

function Item({ label, exact, compact, testId, title }: { label: string; exact: string; compact?: string; testId: string; title?: string }) {
  return (
    <div className="summary__item" title={title}>
      <span className="summary__label">{label}</span>
      <span className="summary__value" data-testid={testId}>
        {exact}
      </span>
      {compact && <span className="summary__compact">{compact}</span>}
    </div>
  );
}

/** Totals of the active design, recomputed on every edit. */
export function SummaryBar() {
  const { design, analysis } = useAnalysis();
  // While the design is invalid the totals are those of its resolved part (the core counts only
  // blocks that reach a working output): a lower bound, shown as "≥ n", or "—" when nothing resolved.
  const { totals: t, partial } = shownTotals(analysis);
  const none = partial && nothingResolved(analysis);
  const atLeast = (text: string) => (none ? '—' : partial ? `≥ ${text}` : text);
  const compact = (n: number) => (none ? undefined : formatCompact(n));
  return (
    <section className={`summary${analysis.valid ? '' : ' is-partial'}`} aria-label="Model summary" data-testid="summary">
      {partial && design.blocks.length > 0 && (
        <span
          className="summary__partial"
          data-testid="summary-partial"
          title="The design is invalid: the totals cover only the blocks that could be resolved (the whole design has at least this much)"
        >
          {none ? 'nothing resolved' : 'partial'}
        </span>
      )}
      <Item
        label="Params"
        exact={atLeast(formatExact(t.params))}
        compact={compact(t.params)}
        testId="summary-params"
        title={`Trainable ${formatExact(t.trainableParams)}, non-trainable ${formatExact(t.nonTrainableParams)}`}
      />
      <Item label="Trainable" exact={atLeast(formatExact(t.trainableParams))} testId="summary-trainable" />
      <Item label="Non-trainable" exact={atLeast(formatExact(t.nonTrainableParams))} testId="summary-non-trainable" />
      <Item label="MACs" exact={atLeast(formatExact(t.macs))} compact={compact(t.macs)} testId="summary-macs" />
      <Item label="FLOPs" exact={atLeast(formatExact(t.flops))} compact={compact(t.flops)} testId="summary-flops" />
      <Item
        label="Activations"
        exact={atLeast(formatBytes(t.activationBytes))}
        testId="summary-activation"
        title={`${formatExact(t.activationElements)} values in all; largest ${formatBytes(t.peakActivationBytes)} (float32, batch 1)`}
      />
      <Item label="Receptive field" exact={formatReceptiveField(t.receptiveField)} testId="summary-rf" />
      <Item label="Output" exact={formatShape(t.outputShape)} testId="summary-output" />
      <MeasuredSpeed />
      <ProblemsBadge issues={analysis.issues} empty={design.blocks.length === 0} />
    </section>
  );
}
