import { useDeferredValue } from 'react';
import { useAppStore } from '../../state/store';
import { designIO } from '../../data/dataset-fit';
import { ConfusionMatrix } from './ConfusionMatrix';
import { ImageThumb } from './ImageThumb';
import { formatPercent } from './pixels';
import { errorMessage } from '../../core/result';

const NO_NAMES: readonly string[] = [];

function download(name: string, data: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Test accuracy, confusion matrix and sample predictions of the finished (or stopped, then evaluated) run. */
export function TrainingResults() {
  const run = useAppStore((s) => s.liveRun);
  const classNames = useAppStore((s) => s.datasetSummary?.classNames) ?? NO_NAMES;
  const evaluate = useAppStore((s) => s.evaluateRun);
  const exportRun = useAppStore((s) => s.exportRun);
  const notify = useAppStore((s) => s.notify);
  // The confusion matrix and example images render in a background (interruptible) pass after the run's end has
  // been shown, so the end of a run never blocks the page in one long task.
  const e = useDeferredValue(run?.evaluation);
  if (!run || (run.status !== 'completed' && run.status !== 'stopped')) return null;
  const pending = run.evaluation !== undefined && e !== run.evaluation;
  const shape = designIO(run.design).inputShape ?? [28, 28, 1];
  const onExport = async () => {
    try {
      const { modelJson, weightsBin } = await exportRun();
      download('model.json', modelJson, 'application/json');
      download('weights.bin', weightsBin, 'application/octet-stream');
    } catch (err) {
      notify('error', errorMessage(err));
    }
  };
  return (
    <section className="tp-card" aria-label="Results" data-testid="train-results">
      <div className="tp-row">
        <h3>Results</h3>
        {e && (
          <span className="tp-big" data-testid="test-accuracy">
            test accuracy {formatPercent(e.testAccuracy)}
          </span>
        )}
        {e && (
          <span className="tp-muted">
            loss {e.testLoss.toFixed(4)} on {e.testCount.toLocaleString()} test images
          </span>
        )}
        {!e && !pending && (
          <button type="button" data-testid="train-evaluate" onClick={evaluate}>
            Evaluate on test set
          </button>
        )}
        <button type="button" data-testid="train-export" onClick={() => void onExport()}>
          Export tfjs model
        </button>
      </div>
      {e && (
        <div className="tp-results">
          <ConfusionMatrix evaluation={e} classNames={classNames} imageShape={shape} />
          <div>
            <h4>Sample predictions</h4>
            <div className="tp-predictions" data-testid="sample-predictions">
              {e.samplePredictions.map((s) => (
                <figure key={s.index} className={s.label === s.predicted ? 'tp-right' : 'tp-wrong'}>
                  <ImageThumb pixels={s.pixels} shape={shape} size={44} />
                  <figcaption>
                    {classNames[s.predicted] ?? s.predicted}
                    {Number.isFinite(s.confidence) ? ` ${(s.confidence * 100).toFixed(0)}%` : ''}
                    {s.label !== s.predicted && <small> (is {classNames[s.label] ?? s.label})</small>}
                  </figcaption>
                </figure>
              ))}
            </div>
          </div>
        </div>
      )}
    </section>
  );
}
