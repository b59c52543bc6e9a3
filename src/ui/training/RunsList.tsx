import { useAppStore } from '../../state/store';
import type { RunRecord } from '../../state/persistence/runs-db';
import { formatPercent } from './pixels';

function bestValAccuracy(r: RunRecord): number | undefined {
  const vals = r.epochHistory.map((e) => e.valAccuracy).filter((v): v is number => v !== undefined);
  return vals.length ? Math.max(...vals) : undefined;
}

/** Saved runs of the active variant (IndexedDB), newest first. */
export function RunsList() {
  const activeId = useAppStore((s) => s.activeVariantId);
  const all = useAppStore((s) => s.trainingRuns);
  const liveId = useAppStore((s) => s.liveRun?.id);
  const liveStatus = useAppStore((s) => s.liveRun?.status);
  const remove = useAppStore((s) => s.deleteTrainingRun);
  const runs = all.filter((r) => r.variantId === activeId);
  return (
    <section className="tp-card" aria-label="Runs of this variant">
      <h3>Runs of this variant</h3>
      {runs.length === 0 ? (
        <p className="tp-muted">No runs yet.</p>
      ) : (
        <table className="tp-runs" data-testid="runs-list">
          <thead>
            <tr>
              <th>Started</th>
              <th>Status</th>
              <th>Data</th>
              <th>Epochs</th>
              <th>Best val</th>
              <th>Test</th>
              <th>Backend</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => {
              const isLive = liveId === r.id && (liveStatus === 'running' || liveStatus === 'paused');
              const status = isLive ? liveStatus : r.status;
              return (
                <tr key={r.id} data-testid="run-row" data-status={status}>
                  <td>{new Date(r.startedAt).toLocaleString()}</td>
                  <td>
                    <span className={`tp-status tp-status-${status}`} title={r.error}>
                      {status}
                    </span>
                  </td>
                  <td>{r.datasetLabel}</td>
                  <td>
                    {r.epochHistory.length}/{r.config.epochs}
                  </td>
                  <td>{formatPercent(bestValAccuracy(r))}</td>
                  <td>{formatPercent(r.final?.testAccuracy)}</td>
                  <td>{r.backend ?? '–'}</td>
                  <td>
                    <button type="button" disabled={isLive} onClick={() => void remove(r.id)} title="Delete this run and its weights">
                      ✕
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
