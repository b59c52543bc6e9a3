import { useEffect, useState } from 'react';
import { useAppStore } from '../../state/store';
import type { BottomTab } from '../../state/slices/ui-slice';
import { ViewBoundary } from '../errors/ViewBoundary';
import { LayersTable } from '../layers-table/LayersTable';
import { TrainingPanel } from '../training/TrainingPanel';

const TABS: { id: BottomTab; label: string }[] = [
  { id: 'layers', label: 'Layers' },
  { id: 'train', label: 'Train' },
];

/** Secondary panel under the canvas: the layers table and the training panel. */
export function BottomPanel() {
  const tab = useAppStore((s) => s.bottomTab);
  const open = useAppStore((s) => s.bottomOpen);
  const setTab = useAppStore((s) => s.setBottomTab);
  const setOpen = useAppStore((s) => s.setBottomOpen);
  // The training panel starts enlarged (charts need room); each tab remembers its size.
  const [tallByTab, setTallByTab] = useState<Record<BottomTab, boolean>>({ layers: false, train: true });
  const tall = open && tallByTab[tab];
  const setTall = (value: boolean) => setTallByTab((prev) => ({ ...prev, [tab]: value }));
  // The training panel mounts on first visit and then stays mounted (its charts keep their state).
  const [trainVisited, setTrainVisited] = useState(tab === 'train');
  useEffect(() => {
    if (tab === 'train') setTrainVisited(true);
  }, [tab]);

  return (
    <section className={`details-panel${open ? '' : ' details-panel--closed'}${tall ? ' details-panel--tall' : ''}`} aria-label="Details panel">
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
        {open && (
          <button type="button" className="details-panel__size" onClick={() => setTall(!tall)} aria-label={tall ? 'Shrink panel' : 'Enlarge panel'}>
            {tall ? '▾' : '▴'}
          </button>
        )}
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
                <TrainingPanel />
              </ViewBoundary>
            )}
          </div>
        </div>
      )}
    </section>
  );
}
