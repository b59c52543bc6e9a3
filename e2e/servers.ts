/**
 * Where the e2e suite serves the production build. One build per run (into E2E_DIST), served twice:
 * - isolated: `vite preview` with COOP/COEP, as `npm start` serves it (threads on);
 * - plain: a static server that sends no COOP/COEP headers, like GitHub Pages (the service-worker
 *   fallback makes it isolated; a test that blocks service workers sees the single-thread path).
 * Ports and folder can be moved with E2E_PORT, E2E_PLAIN_PORT and E2E_DIST (parallel checkouts).
 */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 4173);
export const E2E_PLAIN_PORT = Number(process.env.E2E_PLAIN_PORT ?? E2E_PORT + 1);
export const E2E_DIST = process.env.E2E_DIST ?? 'dist-e2e';
export const ISOLATED_URL = `http://127.0.0.1:${E2E_PORT}`;
export const PLAIN_URL = `http://127.0.0.1:${E2E_PLAIN_PORT}`;

/** Headless Chromium as the suite launches it ($CHROMIUM_PATH, else Debian's /usr/bin/chromium; no GPU). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
