import { lazy, Suspense, useEffect, useState } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import './App.css';
import { useEditorShortcuts } from './canvas/use-editor-shortcuts';
import { ViewBoundary } from './errors/ViewBoundary';
import { EditorLayout } from './layout/EditorLayout';
import { Toolbar, type MainView } from './layout/Toolbar';
import { SummaryBar } from './summary/SummaryBar';

/** The Compare view (and its charts) loads on first visit: it is not needed for the first paint. */
const ComparePanel = lazy(() => import('./compare/ComparePanel').then((m) => ({ default: m.ComparePanel })));

/**
 * The app: toolbar over the design view (variants + palette | canvas | inspector above the details panel,
 * resizable, see layout/EditorLayout.tsx) and the summary bar, or the Compare view over the whole width.
 * Each view sits in its own error boundary: one that fails to render shows its error and a "Try again",
 * the rest works.
 */
export function App() {
  useEditorShortcuts();
  const [view, setView] = useState<MainView>('design');
  // The comparison mounts on first visit and then stays mounted (hidden), so its selection and sort
  // survive a trip to the editor.
  const [compareVisited, setCompareVisited] = useState(false);
  useEffect(() => {
    if (view === 'compare') setCompareVisited(true);
  }, [view]);
  const design = view === 'design';
  const showCompare = compareVisited || view === 'compare';
  return (
    <ReactFlowProvider>
      <div className="app">
        <ViewBoundary name="toolbar">
          <Toolbar view={view} onViewChange={setView} />
        </ViewBoundary>
        <div className="app__main">
          <EditorLayout showCanvas={design} hidden={!design} />
          {showCompare && (
            <div className="workspace__compare" hidden={view !== 'compare'}>
              <ViewBoundary name="comparison">
                <Suspense fallback={<p className="view-loading">Loading the comparison…</p>}>
                  <ComparePanel visible={view === 'compare'} onOpenVariant={() => setView('design')} />
                </Suspense>
              </ViewBoundary>
            </div>
          )}
        </div>
        {design && (
          <ViewBoundary name="summary bar">
            <SummaryBar />
          </ViewBoundary>
        )}
      </div>
    </ReactFlowProvider>
  );
}
