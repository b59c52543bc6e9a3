import { ActionButton } from '../actions/ActionButton';
import { toolbarActions } from '../actions/registry';
import { FileMenu } from '../files/FileMenu';
import { ExportMenu } from '../export/ExportMenu';
import { OverlaySelect } from '../latency/OverlayControls';

export type MainView = 'design' | 'compare';

interface ToolbarProps {
  view: MainView;
  onViewChange(view: MainView): void;
}

/** Top bar: app title, view switch, file and export menus, undo/redo and canvas commands. */
export function Toolbar({ view, onViewChange }: ToolbarProps) {
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
        {toolbarActions('history').map((action) => (
          <ActionButton key={action.id} action={action} />
        ))}
      </div>
      {/* Canvas commands mean nothing in the Compare view. */}
      <div className="toolbar__group" hidden={view !== 'design'}>
        {toolbarActions('canvas').map((action) => (
          <ActionButton key={action.id} action={action} />
        ))}
        <OverlaySelect />
      </div>
    </header>
  );
}
