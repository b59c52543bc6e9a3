import type { Page } from '@playwright/test';
import { expect, test, type AppPage } from './fixtures';
import { PLAIN_URL } from './servers';

/**
 * The production build trains wherever it is hosted: `npm start` (vite preview with COOP/COEP headers), and a
 * plain static host without those headers, where the coi-serviceworker fallback makes the page cross-origin
 * isolated (threads on) — or, with service workers blocked, the app trains on one thread and says why.
 */

async function isolated(page: Page): Promise<boolean | null> {
  try {
    return await page.evaluate(() => window.crossOriginIsolated);
  } catch {
    return null; // navigating (the service worker reloads the page once)
  }
}

/** Trains the default variant briefly on a small MNIST subset; returns the backend line's full reason. */
async function trainBriefly(app: AppPage): Promise<{ reason: string; warning: string | null }> {
  const { training, page } = app;
  await training.openWithMnist();
  await training.configure({ limit: 640, epochs: 1 });
  await training.start();
  const run = await training.waitForFinish(240_000);
  expect(run.status).toBe('completed');
  expect(run.backend).toBe('wasm');
  expect(run.testAccuracy).toBeGreaterThanOrEqual(0);
  const reason = (await page.getByTestId('train-backend').getAttribute('title')) ?? '';
  const warningBox = page.getByTestId('train-backend-warning');
  const warning = (await warningBox.count()) > 0 ? await warningBox.textContent() : null;
  return { reason, warning };
}

test.describe('hosting the production build', () => {
  test('npm start (COOP/COEP headers): cross-origin isolated, trains on the threaded wasm build', async ({ app, page }) => {
    test.setTimeout(300_000);
    expect(await isolated(page)).toBe(true);
    const { reason, warning } = await trainBriefly(app);
    expect(reason).toContain('(threaded SIMD build)');
    // Chromium has relaxed SIMD: the generated FMA kernels (src/tf/wasm/simd) run in the shipped build.
    expect(reason).toContain('relaxed-SIMD (FMA) kernels');
    expect(warning).toBeNull();
  });

  test.describe('on a plain static host (no COOP/COEP headers)', () => {
    test.use({ baseURL: PLAIN_URL, openApp: false });

    test('the build ships the headers file for static hosts and the service-worker fallback', async ({ request }) => {
      const headersFile = await (await request.get('/_headers')).text();
      expect(headersFile).toMatch(/^\/\*$/m);
      expect(headersFile).toMatch(/^\s+Cross-Origin-Opener-Policy: same-origin$/m);
      expect(headersFile).toMatch(/^\s+Cross-Origin-Embedder-Policy: require-corp$/m);
      const sw = await request.get('/coi-serviceworker.min.js');
      expect(sw.ok()).toBe(true);
      expect(await sw.text()).toContain('Cross-Origin-Embedder-Policy');
    });

    test('the service-worker fallback makes the page isolated and training runs threaded', async ({ app, page }) => {
      test.setTimeout(300_000);
      // First visit: not isolated; coi-serviceworker registers and reloads the page once (goto waits for that).
      await app.goto('', { crossOriginIsolated: true });
      expect(await isolated(page)).toBe(true);
      const { reason, warning } = await trainBriefly(app);
      expect(reason).toContain('(threaded SIMD build)');
      expect(warning).toBeNull();
    });

    test('when the service worker library misses its reload (it installed before its listener), the page reloads once itself', async ({
      app,
      page,
    }) => {
      test.setTimeout(120_000);
      // coi-serviceworker's own reload never happens: only index.html's ready-check can make the page isolated.
      await page.addInitScript(() =>
        Object.defineProperty(window, 'coi', { get: () => ({ quiet: true, doReload: () => undefined }), set: () => undefined }),
      );
      await app.goto('', { crossOriginIsolated: true });
      expect(await isolated(page)).toBe(true);
      expect(await page.evaluate(() => sessionStorage.getItem('sora-coi-reload'))).toBe('1');
    });

    test.describe('in a browser without service workers', () => {
      test('not isolated: still trains, on one thread, and the app says why it is slower', async ({ app, page }) => {
        test.setTimeout(300_000);
        // As in a browser or mode without service workers: the fallback cannot register.
        await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'serviceWorker', { get: () => undefined }));
        await app.goto();
        expect(await isolated(page)).toBe(false);
        const { reason, warning } = await trainBriefly(app);
        expect(reason).toContain('single-threaded SIMD build');
        expect(warning).toContain('WebAssembly threads are off: this page is not cross-origin isolated');
        expect(warning).toContain('slower');
      });
    });
  });
});
