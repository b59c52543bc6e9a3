import { useStore } from 'zustand';
import { useAppStore } from '../../state/store';
import { FileMenu } from '../files/FileMenu';
import { ExportMenu } from '../export/ExportMenu';
import { deleteItems } from '../../core/graph/edits';
import { OverlaySelect } from '../latency/OverlayControls';

export type MainView = 'design' | 'compare';

interface ToolbarProps {
  view: MainView;
  onViewChange(view: MainView): void;
}

/** Top bar: app title, view switch, file and export menus, undo/redo and canvas commands. */
export function Toolbar({ view, onViewChange }: ToolbarProps) {
  const pastCount = useStore(useAppStore.temporal, (t) => t.pastStates.length);
  const futureCount = useStore(useAppStore.temporal, (t) => t.futureStates.length);
  const undo = useAppStore((s) => s.undo);
  const redo = useAppStore((s) => s.redo);
  const requestCanvas = useAppStore((s) => s.requestCanvas);
  const hasSelection = useAppStore((s) => s.selectedBlockIds.length + s.selectedEdgeIds.length > 0);
  const deleteSelection = () => {
    const s = useAppStore.getState();
    s.applyEdit((d) => deleteItems(d, { blockIds: s.selectedBlockIds, edgeIds: s.selectedEdgeIds }), { label: 'Delete' });
    s.setSelection([], []);
  };
  return (
    <header className="toolbar" role="toolbar" aria-label="Editor toolbar">
      <h1 className="toolbar__title">Sora Designer</h1>
      <div className="toolbar__group" role="group" aria-label="View">
        <button type="button" aria-pressed={view === 'design'} onClick={() => onViewChange('design')} data-testid="tab-design">
          Design
        </button>
        <button type="button" aria-pressed={view === 'compare'} onClick={() => onViewChange('compare')} data-testid="tab-compare">
          Compare
        </button>
      </div>
      <FileMenu />
      <ExportMenu />
      <div className="toolbar__group">
        <button type="button" onClick={undo} disabled={pastCount === 0} title="Undo (Ctrl+Z)" data-testid="undo">
          ↶ Undo
        </button>
        <button type="button" onClick={redo} disabled={futureCount === 0} title="Redo (Ctrl+Shift+Z / Ctrl+Y)" data-testid="redo">
          ↷ Redo
        </button>
      </div>
      {/* Canvas commands mean nothing in the Compare view. */}
      <div className="toolbar__group" hidden={view !== 'design'}>
        <button type="button" onClick={() => requestCanvas({ type: 'layout' })} title="Arrange blocks top to bottom" data-testid="auto-layout">
          Auto-layout
        </button>
        <button type="button" onClick={() => requestCanvas({ type: 'fit' })} title="Fit the design in view, zoomed no further out than block names stay readable" data-testid="fit-view">
          Fit view
        </button>
        <button type="button" onClick={deleteSelection} disabled={!hasSelection} title="Delete selection (Delete)" data-testid="delete-selection">
          Delete
        </button>
        <OverlaySelect />
      </div>
    </header>
  );
}
