import { useCallback, useEffect, useRef } from 'react';
import { Group, Panel, Separator, useDefaultLayout, usePanelRef, type Layout, type LayoutChangedMeta } from 'react-resizable-panels';
import { useAppStore } from '../../state/store';
import { Canvas } from '../canvas/Canvas';
import { ViewBoundary } from '../errors/ViewBoundary';
import { Inspector } from '../inspector/Inspector';
import { Palette } from '../palette/Palette';
import { VariantsSidebar } from '../variants/VariantsSidebar';
import { BottomPanel } from './BottomPanel';
import { Notices } from './Notices';
import { COLUMNS_LAYOUT_ID, loadDetailsSizes, MAX_DETAILS_PERCENT, saveDetailsSize } from './pane-sizes';

/** Height of the details panel's tab strip (App.css .details-panel__tabs): the panel's collapsed size. */
const DETAILS_COLLAPSED_PX = 31;

function layoutStorage(): Pick<Storage, 'getItem' | 'setItem'> | undefined {
  try {
    return localStorage;
  } catch {
    return undefined;
  }
}

/**
 * The design view: variants + palette | canvas | inspector above the details panel (layers table,
 * training). Every split is resizable (drag the bars, or focus one and use the arrow keys); the
 * side columns and the details panel collapse, and sizes are remembered in localStorage (the
 * details height per tab). While another view is in front (`hidden`) the panes keep their sizes out of
 * sight; `showCanvas` false unmounts the canvas meanwhile.
 */
export function EditorLayout({ showCanvas, hidden }: { showCanvas: boolean; hidden: boolean }) {
  const columns = useDefaultLayout({ id: COLUMNS_LAYOUT_ID, storage: layoutStorage(), onlySaveAfterUserInteractions: true });
  const details = usePanelRef();
  const tab = useAppStore((s) => s.bottomTab);
  const open = useAppStore((s) => s.bottomOpen);
  const sizes = useRef(loadDetailsSizes());

  // Tab switches, "Hide panel" / "Show panel" and opening a tab from elsewhere move the split.
  useEffect(() => {
    const panel = details.current;
    if (!panel) return;
    if (!open) {
      if (!panel.isCollapsed()) panel.collapse();
    } else {
      panel.resize(`${sizes.current[tab]}%`);
    }
  }, [open, tab, details]);

  // A drag of the split: remembered for the tab on show; dragged shut it closes the panel.
  const onRowsChanged = useCallback(
    (layout: Layout, meta: LayoutChangedMeta) => {
      if (!meta.isUserInteraction) return;
      const s = useAppStore.getState();
      if (details.current?.isCollapsed()) {
        if (s.bottomOpen) s.setBottomOpen(false);
        return;
      }
      const percent = layout['pane-details'];
      if (typeof percent === 'number') {
        sizes.current[s.bottomTab] = percent;
        saveDetailsSize(s.bottomTab, percent);
      }
      if (!s.bottomOpen) s.setBottomOpen(true);
    },
    [details],
  );

  return (
    <Group orientation="vertical" className="editor-rows" onLayoutChanged={onRowsChanged} data-hidden={hidden || undefined}>
      <Panel id="pane-editor" minSize="160px">
        <Group orientation="horizontal" className="editor-columns" defaultLayout={columns.defaultLayout} onLayoutChanged={columns.onLayoutChanged}>
          <Panel id="pane-sidebar" defaultSize="220px" minSize="160px" maxSize="420px" collapsible groupResizeBehavior="preserve-pixel-size">
            <aside className="sidebar" aria-label="Variants and blocks">
              <ViewBoundary name="variants list">
                <VariantsSidebar />
              </ViewBoundary>
              <ViewBoundary name="block palette">
                <Palette />
              </ViewBoundary>
            </aside>
          </Panel>
          <Separator className="layout-sep layout-sep--col" aria-label="Resize the variants and blocks column" />
          <Panel id="pane-workspace" minSize="320px">
            <main className="workspace">
              {showCanvas && (
                <ViewBoundary name="canvas">
                  <Canvas />
                </ViewBoundary>
              )}
              <Notices />
            </main>
          </Panel>
          <Separator className="layout-sep layout-sep--col" aria-label="Resize the inspector column" />
          <Panel id="pane-inspector" defaultSize="290px" minSize="220px" maxSize="560px" collapsible groupResizeBehavior="preserve-pixel-size">
            <ViewBoundary name="inspector">
              <Inspector />
            </ViewBoundary>
          </Panel>
        </Group>
      </Panel>
      <Separator className="layout-sep layout-sep--row" aria-label="Resize the details panel" />
      <Panel
        id="pane-details"
        panelRef={details}
        defaultSize={open ? `${sizes.current[tab]}%` : `${DETAILS_COLLAPSED_PX}px`}
        minSize="120px"
        maxSize={`${MAX_DETAILS_PERCENT}%`}
        collapsible
        collapsedSize={`${DETAILS_COLLAPSED_PX}px`}
      >
        <ViewBoundary name="details panel">
          <BottomPanel />
        </ViewBoundary>
      </Panel>
    </Group>
  );
}
