import { useState } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import './App.css';
import { Canvas } from './canvas/Canvas';
import { ComparePanel } from './compare/ComparePanel';
import { useEditorShortcuts } from './canvas/use-editor-shortcuts';
import { ViewBoundary } from './errors/ViewBoundary';
import { Inspector } from './inspector/Inspector';
import { BottomPanel } from './layout/BottomPanel';
import { Notices } from './layout/Notices';
import { Toolbar, type MainView } from './layout/Toolbar';
import { Palette } from './palette/Palette';
import { SummaryBar } from './summary/SummaryBar';
import { VariantsSidebar } from './variants/VariantsSidebar';

/**
 * The editor screen: toolbar, variants + palette, canvas, inspector, summary bar and details panel. Each view
 * sits in its own error boundary: one that fails to render shows its error and a "Try again", the rest works.
 */
export function App() {
  useEditorShortcuts();
  const [view, setView] = useState<MainView>('design');
  return (
    <ReactFlowProvider>
      <div className="app">
        <Toolbar view={view} onViewChange={setView} />
        <div className="app__body">
          <aside className="sidebar" aria-label="Variants and blocks">
            <ViewBoundary name="variants list">
              <VariantsSidebar />
            </ViewBoundary>
            <ViewBoundary name="block palette">
              <Palette />
            </ViewBoundary>
          </aside>
          <main className="workspace">
            {/* The comparison stays mounted so its selection and sort survive a trip to the editor. */}
            <div className="workspace__compare" hidden={view !== 'compare'}>
              <ViewBoundary name="comparison">
                <ComparePanel visible={view === 'compare'} onOpenVariant={() => setView('design')} />
              </ViewBoundary>
            </div>
            {view === 'design' && (
              <ViewBoundary name="canvas">
                <Canvas />
              </ViewBoundary>
            )}
            <Notices />
          </main>
          <ViewBoundary name="inspector">
            <Inspector />
          </ViewBoundary>
        </div>
        <ViewBoundary name="summary bar">
          <SummaryBar />
        </ViewBoundary>
        <ViewBoundary name="details panel">
          <BottomPanel />
        </ViewBoundary>
      </div>
    </ReactFlowProvider>
  );
}
