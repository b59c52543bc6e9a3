/**
 * The e2e suite's `test`: the console guard (e2e/pages/console-guard.ts: a console error or warning fails the
 * test) plus `app`, the app page object (e2e/pages/app-page.ts), opened at `/` and ready before the test body runs.
 * A test that must prepare the page first (routes, init scripts) sets `test.use({ openApp: false })` and calls
 * `app.goto()` itself; every spec navigates through `AppPage.goto` (or `AppPage.open` for another tab) and nothing else.
 * `unguardedTest`: the same `app` without the console guard, for tests that provoke page errors on purpose.
 */
import { test as base, type Fixtures, type PlaywrightTestArgs } from '@playwright/test';
import { AppPage } from './pages/app-page';
import { expect, test as guarded } from './pages/console-guard';

interface AppFixtures {
  app: AppPage;
  openApp: boolean;
}

const appFixtures: Fixtures<AppFixtures, object, PlaywrightTestArgs> = {
  openApp: [true, { option: true }],
  app: async ({ page, openApp }, use) => {
    const app = new AppPage(page);
    if (openApp) await app.goto();
    await use(app);
  },
};

export const test = guarded.extend<AppFixtures>(appFixtures);
export const unguardedTest = base.extend<AppFixtures>(appFixtures);

export { AppPage, expect };
