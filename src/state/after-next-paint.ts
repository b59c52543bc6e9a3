/**
 * Runs `fn` once the page has painted its next frame (a requestAnimationFrame callback, then a task), at the
 * latest after `fallbackMs` (a tab hidden meanwhile paints nothing); at once where nothing is painted (Node, a
 * hidden tab).
 */
export function afterNextPaint(fn: () => void, fallbackMs = 250): void {
  if (typeof requestAnimationFrame !== 'function' || typeof document === 'undefined' || document.visibilityState !== 'visible') {
    fn();
    return;
  }
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    fn();
  };
  requestAnimationFrame(() => setTimeout(once, 0));
  setTimeout(once, fallbackMs);
}
