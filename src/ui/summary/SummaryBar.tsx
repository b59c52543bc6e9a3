import { formatBytes, formatCompact, formatExact, formatReceptiveField, formatShape } from './format';
import { useAnalysis } from './use-analysis';

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
  const t = analysis.totals;
  const errors = analysis.issues.filter((i) => i.severity === 'error');
  const warnings = analysis.issues.filter((i) => i.severity === 'warning');
  const validity = design.blocks.length === 0 ? 'Empty' : analysis.valid ? 'Valid' : `${errors.length} error${errors.length === 1 ? '' : 's'}`;
  return (
    <section className="summary" aria-label="Model summary" data-testid="summary">
      <Item
        label="Params"
        exact={formatExact(t.params)}
        compact={formatCompact(t.params)}
        testId="summary-params"
        title={`Trainable ${formatExact(t.trainableParams)}, non-trainable ${formatExact(t.nonTrainableParams)}`}
      />
      <Item label="Trainable" exact={formatExact(t.trainableParams)} testId="summary-trainable" />
      <Item label="Non-trainable" exact={formatExact(t.nonTrainableParams)} testId="summary-non-trainable" />
      <Item label="MACs" exact={formatExact(t.macs)} compact={formatCompact(t.macs)} testId="summary-macs" />
      <Item label="FLOPs" exact={formatExact(t.flops)} compact={formatCompact(t.flops)} testId="summary-flops" />
      <Item
        label="Activations"
        exact={formatBytes(t.activationBytes)}
        testId="summary-activation"
        title={`${formatExact(t.activationElements)} values in all; largest ${formatBytes(t.peakActivationBytes)} (float32, batch 1)`}
      />
      <Item label="Receptive field" exact={formatReceptiveField(t.receptiveField)} testId="summary-rf" />
      <Item label="Output" exact={formatShape(t.outputShape)} testId="summary-output" />
      <div
        className={`summary__validity ${analysis.valid && design.blocks.length ? 'is-valid' : 'is-invalid'}`}
        data-testid="summary-validity"
        title={[...errors, ...warnings].map((i) => `${i.severity}: ${i.message}`).join('\n') || 'No problems found'}
        role="status"
      >
        {validity}
        {warnings.length > 0 && <span className="summary__warn"> · {warnings.length} warning{warnings.length === 1 ? '' : 's'}</span>}
      </div>
    </section>
  );
}
