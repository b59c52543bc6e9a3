import type { ChangeEvent } from 'react';
import { datasetLabel } from '../../data/dataset-label';
import type { NamedBuffer } from '../../data/dataset-errors';
import { useAppStore } from '../../state/store';
import { ImageThumb } from './ImageThumb';

async function readFiles(list: FileList, useRelativePath: boolean): Promise<NamedBuffer[]> {
  return Promise.all(
    [...list].map(async (f) => ({ name: useRelativePath && f.webkitRelativePath ? f.webkitRelativePath : f.name, data: await f.arrayBuffer() })),
  );
}

/** Dataset source (MNIST, files, zip, folder), its per-class counts and thumbnails, and fit with the Input block. */
export function DatasetPanel() {
  const summary = useAppStore((s) => s.datasetSummary);
  const status = useAppStore((s) => s.datasetStatus);
  const message = useAppStore((s) => s.datasetMessage);
  const dataset = useAppStore((s) => s.dataset);
  const chooseDataset = useAppStore((s) => s.chooseDataset);
  const matchInput = useAppStore((s) => s.matchInputToDataset);
  const fitProblem = useAppStore((s) => (s.datasetSummary ? s.datasetFitProblem() : null));
  const busy = useAppStore((s) => s.liveRun?.status === 'running' || s.liveRun?.status === 'paused');

  const onFiles = async (ev: ChangeEvent<HTMLInputElement>, folder: boolean) => {
    const input = ev.currentTarget;
    const list = input.files;
    if (!list || list.length === 0) return;
    const label = folder ? list[0].webkitRelativePath.split('/')[0] || 'folder' : datasetLabel(Array.from(list, (f) => f.name));
    const files = await readFiles(list, folder);
    input.value = '';
    chooseDataset(files, label);
  };

  const maxCount = summary ? Math.max(1, ...summary.classCounts) : 1;
  return (
    <section className="tp-card" aria-label="Dataset" data-testid="dataset-panel">
      <h3>Dataset</h3>
      <div className="tp-row">
        <button type="button" disabled={busy || (dataset.kind === 'mnist' && status !== 'error')} onClick={() => chooseDataset(null)}>
          MNIST
        </button>
        <label className={`tp-filebtn${busy ? ' tp-disabled' : ''}`}>
          Files…
          <input
            type="file"
            multiple
            disabled={busy}
            data-testid="dataset-files"
            accept=".zip,.gz,.bin,application/zip,application/gzip,application/octet-stream,*"
            onChange={(e) => void onFiles(e, false)}
          />
        </label>
        <label className={`tp-filebtn${busy ? ' tp-disabled' : ''}`}>
          Folder…
          <input
            ref={(el) => el?.setAttribute('webkitdirectory', '')}
            type="file"
            disabled={busy}
            data-testid="dataset-folder"
            onChange={(e) => void onFiles(e, true)}
          />
        </label>
      </div>
      <p className="tp-hint">IDX (.gz ok), CIFAR-10 .bin batches, a zip, or a folder with one sub-folder of images per class.</p>
      {status === 'loading' && <p className="tp-muted">Loading dataset…</p>}
      {message && (
        <p className="tp-error" role="alert" data-testid="dataset-error">
          {message}
        </p>
      )}
      {summary && (
        <div data-testid="dataset-summary">
          <p>
            <strong>{summary.name}</strong> · {summary.imageShape.join('×')} · {summary.trainCount.toLocaleString()} train /{' '}
            {summary.testCount.toLocaleString()} test ({summary.testSource}) · {summary.numClasses} classes
          </p>
          {fitProblem && (
            <div className="tp-warning" role="alert" data-testid="dataset-fit-problem">
              <span>{fitProblem}</span>
              <button type="button" onClick={matchInput} disabled={busy}>
                Match Input block to dataset
              </button>
            </div>
          )}
          <div className="tp-classes">
            {summary.classNames.map((name, k) => (
              <div key={name} className="tp-class" data-testid="dataset-class">
                <span className="tp-class-name" title={name}>
                  {name}
                </span>
                <span className="tp-bar">
                  <span style={{ width: `${(100 * summary.classCounts[k]) / maxCount}%` }} />
                </span>
                <span className="tp-class-count">{summary.classCounts[k].toLocaleString()}</span>
                <span className="tp-class-thumbs">
                  {summary.samples
                    .filter((s) => s.label === k)
                    .slice(0, 4)
                    .map((s, i) => (
                      <ImageThumb key={i} pixels={s.pixels} shape={summary.imageShape} size={22} />
                    ))}
                </span>
              </div>
            ))}
          </div>
        </div>
      )}
    </section>
  );
}
