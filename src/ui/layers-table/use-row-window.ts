import { useLayoutEffect, useState, type RefObject } from 'react';

/** Tables with more rows than this render only the rows in (and near) view. */
export const VIRTUALIZE_ABOVE = 80;
/** Rows rendered beyond each edge of the view (keeps Tab and small scrolls seamless). */
const OVERSCAN = 12;
/** Height of one row before it could be measured (12 px text, 2 px padding, 1 px border). */
const DEFAULT_ROW_HEIGHT = 21;

export interface RowWindow {
  /** First rendered row index and one past the last. */
  start: number;
  end: number;
  /** Height of one row in px (every row is one line: cells do not wrap). */
  rowHeight: number;
}

/** The nearest ancestor that scrolls vertically (the details panel's body), else the document's scroller. */
function scrollParent(el: HTMLElement): HTMLElement {
  for (let p = el.parentElement; p; p = p.parentElement) {
    const { overflowY } = getComputedStyle(p);
    if (overflowY === 'auto' || overflowY === 'scroll') return p;
  }
  return document.scrollingElement instanceof HTMLElement ? document.scrollingElement : document.documentElement;
}

/** Rows [start, end) to render for a view `viewHeight` tall whose top is `from` px below the first row. */
export function rowWindow(from: number, viewHeight: number, rowHeight: number, count: number): RowWindow {
  const start = Math.max(0, Math.floor(from / rowHeight) - OVERSCAN);
  const end = Math.min(count, Math.max(0, Math.ceil((from + viewHeight) / rowHeight) + OVERSCAN));
  return { start: Math.min(start, end), end, rowHeight };
}

function sameWindow(a: RowWindow, b: RowWindow): boolean {
  return a.start === b.start && a.end === b.end && a.rowHeight === b.rowHeight;
}

/**
 * Which of `count` equal-height rows of the table body `bodyRef` are in view of its scrolling ancestor,
 * plus an overscan margin. Small tables (up to VIRTUALIZE_ABOVE rows) are always rendered whole, so only
 * large designs pay for the bookkeeping: a 200-block design then renders ~35 rows instead of 200, which
 * keeps an edit's re-render and the table's layout small.
 */
export function useRowWindow(bodyRef: RefObject<HTMLTableSectionElement | null>, count: number): RowWindow {
  const virtual = count > VIRTUALIZE_ABOVE;
  const [win, setWin] = useState<RowWindow>(() => ({
    start: 0,
    end: virtual ? Math.min(count, 2 * OVERSCAN) : count,
    rowHeight: DEFAULT_ROW_HEIGHT,
  }));

  useLayoutEffect(() => {
    const body = bodyRef.current;
    if (!virtual || !body) {
      setWin((w) => (w.start === 0 && w.end === count ? w : { ...w, start: 0, end: count }));
      return;
    }
    const scroller = scrollParent(body);
    const update = (): void => {
      const row = body.querySelector<HTMLTableRowElement>('tr[data-row]');
      const rowHeight = row?.getBoundingClientRect().height || DEFAULT_ROW_HEIGHT;
      // Top of the first row in the scroller's content coordinates (below caption and sticky header).
      const bodyTop = body.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop;
      const next = rowWindow(scroller.scrollTop - bodyTop, scroller.clientHeight, rowHeight, count);
      setWin((w) => (sameWindow(w, next) ? w : next));
    };
    update();
    scroller.addEventListener('scroll', update, { passive: true });
    const resize = new ResizeObserver(update);
    resize.observe(scroller);
    return () => {
      scroller.removeEventListener('scroll', update);
      resize.disconnect();
    };
  }, [bodyRef, count, virtual]);

  return virtual ? win : { start: 0, end: count, rowHeight: win.rowHeight };
}
