import { useAppStore } from '../../state/store';
import { variantWeights } from '../../state/variant-weights';
import { etaSeconds } from '../../state/slices/training-run';
import { formatDuration } from './pixels';

/** Start / pause / resume / stop, the progress bar (epoch, batch, images/s, ETA) and the backend in use. */
export function TrainingControls() {
  const run = useAppStore((s) => s.liveRun);
  const start = useAppStore((s) => s.startTraining);
  const pause = useAppStore((s) => s.pauseTraining);
  const resume = useAppStore((s) => s.resumeTraining);
  const stop = useAppStore((s) => s.stopTraining);
  const datasetReady = useAppStore((s) => s.datasetStatus === 'ready' || s.datasetSummary !== null);
  const fitProblem = useAppStore((s) => (s.datasetSummary ? s.datasetFitProblem() : null));
  /** An imported (ONNX) variant brings weights: they can be evaluated as they are. */
  const hasImportedWeights = useAppStore((s) => s.activeVariantId !== null && variantWeights(s.activeVariantId) !== undefined);
  const active = run?.status === 'running' || run?.status === 'paused';
  const p = run?.progress;
  const epochs = run?.config.epochs ?? 1;
  const fraction = p ? (p.epoch * p.batchesPerEpoch + p.batch + 1) / (epochs * p.batchesPerEpoch) : 0;
  const finished = run && !active;

  return (
    <section className="tp-card" aria-label="Training controls">
      <div className="tp-row">
        {!active && (
          <button
            type="button"
            className="tp-primary"
            data-testid="train-start"
            disabled={!datasetReady || fitProblem !== null}
            onClick={() => start()}
          >
            Train
          </button>
        )}
        {!active && hasImportedWeights && (
          <button
            type="button"
            data-testid="evaluate-imported"
            disabled={!datasetReady || fitProblem !== null}
            onClick={() => start({ evaluateOnly: true })}
            title="Test-set accuracy of the imported weights as they are, without training (Train fine-tunes from them)"
          >
            Evaluate imported weights
          </button>
        )}
        {run?.status === 'running' && (
          <button type="button" data-testid="train-pause" onClick={pause}>
            Pause
          </button>
        )}
        {run?.status === 'paused' && (
          <button type="button" data-testid="train-resume" onClick={resume}>
            Resume
          </button>
        )}
        {active && (
          <button type="button" data-testid="train-stop" onClick={stop} title="Stops after the current batch; the weights are kept">
            Stop
          </button>
        )}
        {run && (
          <span className={`tp-status tp-status-${run.status}`} data-testid="train-status">
            {run.status}
          </span>
        )}
        {run?.backend && (
          <span
            className="tp-muted"
            data-testid="train-backend"
            title={`${run.backend.reason}${run.backend.tried.length ? ` (tried: ${run.backend.tried.join(', ')})` : ''}`}
          >
            backend: <strong>{run.backend.name}</strong>
          </span>
        )}
      </div>
      {run?.backend?.warning && (
        <div className="tp-warning" role="status" data-testid="train-backend-warning">
          {run.backend.name}: {run.backend.warning}
        </div>
      )}
      {run && (
        <div className="tp-progress-block">
          <div
            className="tp-progress"
            role="progressbar"
            aria-label="Training progress"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(fraction * 100)}
          >
            <span style={{ width: `${Math.min(100, fraction * 100)}%` }} />
          </div>
          <div className="tp-row tp-muted" data-testid="train-progress">
            {p ? (
              <>
                <span>
                  epoch {p.epoch + 1}/{epochs}
                </span>
                <span>
                  batch {p.batch + 1}/{p.batchesPerEpoch}
                </span>
                <span data-testid="train-speed">{Math.round(p.imagesPerSecond).toLocaleString()} images/s</span>
                {!finished && <span>ETA {formatDuration(etaSeconds(run))}</span>}
                <span>loss {p.loss.toFixed(4)}</span>
              </>
            ) : (
              <span>{run.statusText || 'waiting…'}</span>
            )}
            {p && active && run.statusText && run.statusText !== 'Training…' && <span>{run.statusText}</span>}
          </div>
          {run.error && (
            <p className="tp-error" role="alert" data-testid="train-error">
              {run.error}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
