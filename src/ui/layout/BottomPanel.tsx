import { lazy, Suspense, useEffect, useState } from 'react';
import { useAppStore } from '../../state/store';
import type { BottomTab } from '../../state/slices/ui-slice';
import { ViewBoundary } from '../errors/ViewBoundary';
import { LayersTable } from '../layers-table/LayersTable';

/** The training panel (and its charts) loads on first visit: it is not needed for the first paint. */
const TrainingPanel = lazy(() => import('../training/TrainingPanel').then((m) => ({ default: m.TrainingPanel })));
/** The architecture explorer (docs/explore.md) also loads on first visit. */
const ExplorePanel = lazy(() => import('../explore/ExplorePanel').then((m) => ({ default: m.ExplorePanel })));
/** Effective receptive fields, feature maps and Grad-CAM (docs/inspect.md), loaded on first visit. */
const InspectPanel = lazy(() => import('../inspect/InspectPanel').then((m) => ({ default: m.InspectPanel })));

const TABS: { id: BottomTab; label: string }[] = [
  { id: 'layers', label: 'Layers' },
  { id: 'train', label: 'Train' },
  { id: 'explore', label: 'Explore' },
  { id: 'inspect', label: 'Inspect' },
];

/**
 * Secondary panel under the canvas: the layers table and the training panel. Its height is the
 * resizable split of EditorLayout (remembered per tab); "Hide panel" collapses it to its tabs.
 */
export function BottomPanel() {
  const tab = useAppStore((s) => s.bottomTab);
  const open = useAppStore((s) => s.bottomOpen);
  const setTab = useAppStore((s) => s.setBottomTab);
  const setOpen = useAppStore((s) => s.setBottomOpen);
  // The training panel mounts on first visit and then stays mounted (its charts keep their state).
  const [trainVisited, setTrainVisited] = useState(tab === 'train');
  useEffect(() => {
    if (tab === 'train') setTrainVisited(true);
  }, [tab]);
  // The Inspect tab too: its computed maps survive a visit to another tab.
  const [inspectVisited, setInspectVisited] = useState(tab === 'inspect');
  useEffect(() => {
    if (tab === 'inspect') setInspectVisited(true);
  }, [tab]);

  return (
    <section className={`details-panel${open ? '' : ' details-panel--closed'}`} aria-label="Details panel">
      <div className="details-panel__tabs">
        {/* Only tabs inside the tablist (a tablist may own nothing else); the size buttons sit beside it. */}
        <div className="details-panel__tablist" role="tablist" aria-label="Details">
          {TABS.map((t) => (
            <button
              key={t.id}
              type="button"
              role="tab"
              id={`tab-${t.id}`}
              aria-selected={open && tab === t.id}
              aria-controls={open ? `tabpanel-${t.id}` : undefined}
              className={open && tab === t.id ? 'is-active' : undefined}
              onClick={() => (open && tab === t.id ? setOpen(false) : setTab(t.id))}
              data-testid={`tab-${t.id}`}
            >
              {t.label}
            </button>
          ))}
        </div>
        <span className="details-panel__spacer" />
        <button type="button" className="details-panel__size" onClick={() => setOpen(!open)} aria-label={open ? 'Hide panel' : 'Show panel'}>
          {open ? '✕' : '☰'}
        </button>
      </div>
      {open && (
        <div className="details-panel__body">
          <div role="tabpanel" id="tabpanel-layers" aria-labelledby="tab-layers" hidden={tab !== 'layers'} className="details-panel__pane">
            {tab === 'layers' && (
              <ViewBoundary name="layers table">
                <LayersTable />
              </ViewBoundary>
            )}
          </div>
          <div role="tabpanel" id="tabpanel-train" aria-labelledby="tab-train" hidden={tab !== 'train'} className="details-panel__pane">
            {trainVisited && (
              <ViewBoundary name="training panel">
                <Suspense fallback={<p className="view-loading">Loading the training panel…</p>}>
                  <TrainingPanel />
                </Suspense>
              </ViewBoundary>
            )}
          </div>
          <div role="tabpanel" id="tabpanel-explore" aria-labelledby="tab-explore" hidden={tab !== 'explore'} className="details-panel__pane">
            {tab === 'explore' && (
              <ViewBoundary name="explore panel">
                <Suspense fallback={<p className="view-loading">Loading the explorer…</p>}>
                  <ExplorePanel />
                </Suspense>
              </ViewBoundary>
            )}
          </div>
          <div role="tabpanel" id="tabpanel-inspect" aria-labelledby="tab-inspect" hidden={tab !== 'inspect'} className="details-panel__pane">
            {inspectVisited && (
              <ViewBoundary name="inspect panel">
                <Suspense fallback={<p className="view-loading">Loading the inspector…</p>}>
                  <InspectPanel />
                </Suspense>
              </ViewBoundary>
            )}
          </div>
        </div>
      )}
    </section>
  );
}
