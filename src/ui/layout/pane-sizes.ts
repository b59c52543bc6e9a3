import type { BottomTab } from '../../state/slices/ui-slice';

/** localStorage key of the details panel's height per tab (percent of the editor's height). */
export const DETAILS_SIZES_KEY = 'sora.layout.details';
/** localStorage key (react-resizable-panels' useDefaultLayout) of the sidebar / canvas / inspector widths. */
export const COLUMNS_LAYOUT_ID = 'sora.layout.columns';

/**
 * Default height of the details panel per tab, in percent: the layers table is a strip, the
 * training panel gets more room but the canvas keeps over half the height (at 1440×900 the
 * canvas stays ~480 px tall with the Train tab open, enough for several legible blocks).
 */
export const DEFAULT_DETAILS_SIZES: Record<BottomTab, number> = { layers: 30, train: 42, explore: 45, inspect: 50 };
/** The canvas row never goes below this share of the height when the details panel is dragged up. */
export const MAX_DETAILS_PERCENT = 70;
const MIN_DETAILS_PERCENT = 10;

type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem'>;

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage blocked (privacy settings): sizes are then not remembered
  }
}

const valid = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= MIN_DETAILS_PERCENT && v <= MAX_DETAILS_PERCENT;

/** The remembered details-panel heights (defaults for tabs never resized, or for unreadable entries). */
export function loadDetailsSizes(store: Storage | null = storage()): Record<BottomTab, number> {
  const out = { ...DEFAULT_DETAILS_SIZES };
  try {
    const raw: unknown = JSON.parse(store?.getItem(DETAILS_SIZES_KEY) ?? 'null');
    if (raw && typeof raw === 'object') {
      for (const tab of Object.keys(out) as BottomTab[]) {
        const v = (raw as Record<string, unknown>)[tab];
        if (valid(v)) out[tab] = v;
      }
    }
  } catch {
    // a damaged entry: keep the defaults
  }
  return out;
}

/** Remembers one tab's details-panel height (ignored when out of range, e.g. a collapsed panel). */
export function saveDetailsSize(tab: BottomTab, percent: number, store: Storage | null = storage()): void {
  if (!store || !valid(percent)) return;
  const next = { ...loadDetailsSizes(store), [tab]: Math.round(percent * 10) / 10 };
  try {
    store.setItem(DETAILS_SIZES_KEY, JSON.stringify(next));
  } catch {
    // quota or blocked storage: not remembered
  }
}
