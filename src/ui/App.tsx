import { useState } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import './App.css';
import { Canvas } from './canvas/Canvas';
import { ComparePanel } from './compare/ComparePanel';
import { useEditorShortcuts } from './canvas/use-editor-shortcuts';
import { Inspector } from './inspector/Inspector';
import { BottomPanel } from './layout/BottomPanel';
import { Notices } from './layout/Notices';
import { Toolbar, type MainView } from './layout/Toolbar';
import { Palette } from './palette/Palette';
import { SummaryBar } from './summary/SummaryBar';
import { VariantsSidebar } from './variants/VariantsSidebar';

/** The editor screen: toolbar, variants + palette, canvas, inspector, summary bar and details panel. */
export function App() {
  useEditorShortcuts();
  const [view, setView] = useState<MainView>('design');
  return (
    <ReactFlowProvider>
      <div className="app">
        <Toolbar view={view} onViewChange={setView} />
        <div className="app__body">
          <aside className="sidebar" aria-label="Variants and blocks">
            <VariantsSidebar />
            <Palette />
          </aside>
          <main className="workspace">
            {/* The comparison stays mounted so its selection and sort survive a trip to the editor. */}
            <div className="workspace__compare" hidden={view !== 'compare'}>
              <ComparePanel visible={view === 'compare'} onOpenVariant={() => setView('design')} />
            </div>
            {view === 'design' && <Canvas />}
            <Notices />
          </main>
          <Inspector />
        </div>
        <SummaryBar />
        <BottomPanel />
      </div>
    </ReactFlowProvider>
  );
}
