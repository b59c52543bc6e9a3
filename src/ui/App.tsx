import { ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import './App.css';
import { Canvas } from './canvas/Canvas';
import { useEditorShortcuts } from './canvas/use-editor-shortcuts';
import { Inspector } from './inspector/Inspector';
import { BottomPanel } from './layout/BottomPanel';
import { Notices } from './layout/Notices';
import { Toolbar } from './layout/Toolbar';
import { Palette } from './palette/Palette';
import { SummaryBar } from './summary/SummaryBar';
import { VariantsSidebar } from './variants/VariantsSidebar';

/** The editor screen: toolbar, variants + palette, canvas, inspector, summary bar and details panel. */
export function App() {
  useEditorShortcuts();
  return (
    <ReactFlowProvider>
      <div className="app">
        <Toolbar />
        <div className="app__body">
          <aside className="sidebar" aria-label="Variants and blocks">
            <VariantsSidebar />
            <Palette />
          </aside>
          <main className="workspace">
            <Canvas />
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
