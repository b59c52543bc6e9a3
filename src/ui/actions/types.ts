import type { AppState, useAppStore } from '../../state/store';

export type AppStore = typeof useAppStore;

/** What performing an action did: done, or nothing with the reason (shown nowhere yet, asserted by tests). */
export type ActionResult = { performed: true } | { performed: false; reason: string };

/** Where an action appears in the top toolbar (src/ui/layout/Toolbar.tsx). */
export interface ToolbarPlacement {
  /** 'history': always shown; 'canvas': only in the Design view. */
  group: 'history' | 'canvas';
  /** Button text. */
  text: string;
  /** Tooltip, naming the shortcut when there is one. */
  title: string;
  testId: string;
}

/**
 * One editor command, used by the keyboard shortcuts, the toolbar and any menu (excalidraw's actions are
 * the model). Keys are chords like 'Delete', 'Mod+Z', 'Mod+Shift+Z' (Mod = Ctrl or Cmd); see key-chord.ts.
 */
export interface EditorAction {
  id: string;
  label: string;
  keys?: readonly string[];
  toolbar?: ToolbarPlacement;
  /** Whether perform would do something now (a disabled toolbar button; a shortcut left to the browser). */
  enabled(state: AppState): boolean;
  /**
   * The shortcut's key is taken from the browser even while the action is disabled
   * (Ctrl+D would bookmark the page, Ctrl+A would select the page's text).
   */
  claimsKeyWhenDisabled?: boolean;
  perform(state: AppState, store: AppStore): ActionResult;
}

export const DONE: ActionResult = { performed: true };

export function notDone(reason: string): ActionResult {
  return { performed: false, reason };
}
