import { useEffect, useMemo } from 'react';
import { previewSearch } from '../../state/explore/explore-form';
import { ensureSearchesLoaded, pauseSearch, resumeSearch, startSearch, stopSearch } from '../../state/explore/explore-service';
import { useExploreStore } from '../../state/explore/explore-store';
import { selectActiveDesign, useAppStore } from '../../state/store';
import { ExploreSettings } from './ExploreForm';
import { ExploreResults } from './ExploreResults';
import '../training/training.css';
import './explore.css';

/**
 * The "Explore" tab: searches the accuracy–cost trade-off around the active variant (docs/explore.md). The
 * counts are the core's, computed as the form changes; Start trains the candidates in the training worker
 * (src/state/explore/explore-service.ts), each as a variant with its runs, so Compare plots them live.
 */
export function ExplorePanel() {
  const design = useAppStore(selectActiveDesign);
  const ensureDataset = useAppStore((s) => s.ensureDatasetInspected);
  const datasetReady = useAppStore((s) => s.datasetSummary !== null);
  const runBusy = useAppStore((s) => s.liveRun?.status === 'running' || s.liveRun?.status === 'paused');
  const form = useExploreStore((s) => s.form);
  const searches = useExploreStore((s) => s.searches);
  const liveId = useExploreStore((s) => s.liveSearchId);
  useEffect(() => {
    ensureDataset();
    void ensureSearchesLoaded();
  }, [ensureDataset]);
  const preview = useMemo(() => (design ? previewSearch(design, form) : null), [design, form]);
  const live = liveId ? searches.find((s) => s.id === liveId) : undefined;
  const shown = live ?? searches[0];
  const open = (variantId: string) => useAppStore.getState().setActiveVariant(variantId);
  if (!design || !preview) return <p className="tp-hint">No active variant.</p>;
  const canStart = !live && !runBusy && datasetReady && preview.problems.length === 0 && preview.plan !== null;
  return (
    <div className="tp-panel ex-panel" data-testid="explore-panel">
      <div className="tp-col tp-col-left ex-left">
        <ExploreSettings design={design} preview={preview} disabled={live !== undefined} />
        <section className="tp-card" aria-label="Search controls">
          <div className="tp-row">
            {!live && (
              <button type="button" className="tp-primary" disabled={!canStart} onClick={() => startSearch()} data-testid="explore-start">
                Start search
              </button>
            )}
            {live?.status === 'running' && (
              <button type="button" onClick={pauseSearch} data-testid="explore-pause">
                Pause
              </button>
            )}
            {live?.status === 'paused' && (
              <button type="button" onClick={resumeSearch} data-testid="explore-resume">
                Resume
              </button>
            )}
            {live && (
              <button
                type="button"
                onClick={stopSearch}
                data-testid="explore-stop"
                title="Stops the run in progress after its batch; candidates not trained yet are skipped"
              >
                Stop
              </button>
            )}
          </div>
          {!live && runBusy && <p className="tp-hint">A run is training: the search starts once it is finished or stopped.</p>}
          {!datasetReady && <p className="tp-hint">Loading the dataset…</p>}
          <p className="tp-hint">
            Each candidate trains with the Train tab’s settings (dataset, subset, optimizer, batch) for the seconds its round gives it, and becomes a
            variant named after what changed.
          </p>
        </section>
      </div>
      <div className="tp-col tp-col-main">
        {shown ? <ExploreResults search={shown} onOpen={open} /> : <p className="tp-hint">No search yet: choose what may vary and start one.</p>}
      </div>
    </div>
  );
}
