import { startInputFollow } from './input-follow';
import { startPersistence } from './persistence/start';
import { useAppStore } from './store';

declare global {
  interface Window {
    __soraStore?: typeof useAppStore;
  }
}

export interface BootstrapOptions {
  /** Runs once the saved variants are loaded (the app opens a `#design=` share link here). */
  afterLoad?: () => void;
}

let started: Promise<void> | null = null;

/**
 * Starts the app's services, once per page (later calls return the first call's promise):
 * 1. exposes the store as `window.__soraStore` for automation and debugging (the e2e suite reads it; it is
 *    exposed in the production build too, so the tests drive exactly what ships);
 * 2. keeps image-folder datasets following the Input block's size;
 * 3. loads the variants saved in IndexedDB, then starts autosave and the cross-tab sync over
 *    BroadcastChannel (persistence/start.ts, persistence/autosave.ts), and flushes on page hide;
 * 4. then runs `afterLoad`.
 * Resolves when the saved state is loaded. Nothing here depends on a view rendering.
 */
export function bootstrap(options: BootstrapOptions = {}): Promise<void> {
  if (started) return started;
  window.__soraStore = useAppStore;
  startInputFollow(useAppStore);
  started = startPersistence().then(() => options.afterLoad?.());
  return started;
}
