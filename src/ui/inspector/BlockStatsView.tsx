import type { BlockStats, GraphIssue } from '../../core/graph/analysis-types';
import { formatBytes, formatCompact, formatExact, formatReceptiveField, formatShape } from '../summary/format';

function Stat({ label, value, testId, title }: { label: string; value: string; testId: string; title?: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd data-testid={testId} title={title}>
        {value}
      </dd>
    </>
  );
}

/** Measured numbers of one block plus the issues the analysis attached to it. */
export function BlockStatsView({ stats, issues }: { stats: BlockStats | null; issues: GraphIssue[] }) {
  const cost = stats?.cost ?? null;
  return (
    <section className="inspector__section" aria-label="Block statistics">
      <h3>Statistics</h3>
      <dl className="stats">
        <Stat
          label="Input"
          value={stats && stats.inputShapes.length ? stats.inputShapes.map((s) => formatShape(s)).join(' + ') : '—'}
          testId="block-stat-input"
        />
        <Stat label="Output" value={formatShape(stats?.outputShape)} testId="block-stat-shape" />
        <Stat
          label="Params"
          value={cost ? formatExact(cost.params) : '—'}
          testId="block-stat-params"
          title={cost ? `${formatCompact(cost.params)} parameters` : undefined}
        />
        <Stat label="Trainable" value={cost ? formatExact(cost.trainableParams) : '—'} testId="block-stat-trainable" />
        <Stat label="Non-trainable" value={cost ? formatExact(cost.nonTrainableParams) : '—'} testId="block-stat-non-trainable" />
        <Stat label="MACs" value={cost ? formatExact(cost.macs) : '—'} testId="block-stat-macs" title={cost ? formatCompact(cost.macs) : undefined} />
        <Stat
          label="FLOPs"
          value={cost ? formatExact(cost.flops) : '—'}
          testId="block-stat-flops"
          title={cost ? formatCompact(cost.flops) : undefined}
        />
        <Stat
          label="Activation"
          value={stats ? `${formatBytes(stats.activationBytes)} (${formatExact(stats.activationElements)} values)` : '—'}
          testId="block-stat-activation"
        />
        <Stat label="Receptive field" value={formatReceptiveField(stats?.receptiveField)} testId="block-stat-rf" />
      </dl>
      {issues.length > 0 && (
        <ul className="issues" aria-label="Block issues" data-testid="block-issues">
          {issues.map((issue, i) => (
            <li key={`${issue.code}-${i}`} className={`issue issue--${issue.severity}`}>
              <strong>{issue.severity === 'error' ? 'Error' : 'Warning'}:</strong> {issue.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
