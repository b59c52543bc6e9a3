import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH, E2E_DIST, E2E_PLAIN_PORT, E2E_PORT, ISOLATED_URL, PLAIN_URL } from './e2e/servers';

/** Every e2e test runs against the production build (built once per run), see e2e/servers.ts. */
export default defineConfig({
  testDir: './e2e',
  timeout: 180_000,
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: ISOLATED_URL,
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
  },
  webServer: [
    {
      // Build once, then serve it the way `npm start` does (vite preview, COOP/COEP headers).
      command: `npx vite build --outDir ${E2E_DIST} --emptyOutDir --logLevel warn --bypass-lock && npx vite preview --outDir ${E2E_DIST} --host 127.0.0.1 --port ${E2E_PORT} --strictPort --bypass-lock`,
      url: ISOLATED_URL,
      reuseExistingServer: false,
      timeout: 240_000,
    },
    {
      // The same files on a plain static host (no COOP/COEP headers).
      command: `npx tsx scripts/static-server.ts --dir ${E2E_DIST} --port ${E2E_PLAIN_PORT}`,
      url: PLAIN_URL,
      reuseExistingServer: false,
      timeout: 60_000,
    },
  ],
});
