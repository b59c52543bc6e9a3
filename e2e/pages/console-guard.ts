import { expect, test as base } from '@playwright/test';

/** Console noise that is not the app's doing. */
const IGNORED = [/favicon\.ico/, /Download the React DevTools/, /\[vite\]/];

/**
 * `test` that fails when the page logs a console error or warning (React's key / act() /
 * controlled-input warnings included) or throws an uncaught error during the test.
 * `allowConsole` lets a test declare messages it provokes on purpose (e.g. a bad file).
 */
export const test = base.extend<{ consoleProblems: string[]; allowConsole: RegExp[] }>({
  allowConsole: [[], { option: true }],
  consoleProblems: [
    async ({ page, allowConsole }, use) => {
      const problems: string[] = [];
      const ignored = (text: string) => [...IGNORED, ...allowConsole].some((re) => re.test(text));
      page.on('console', (msg) => {
        if (msg.type() !== 'error' && msg.type() !== 'warning') return;
        const where = msg.location().url;
        const text = `${msg.type()}: ${msg.text()}`;
        if (!ignored(text) && !ignored(where)) problems.push(text.slice(0, 400));
      });
      page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
      await use(problems);
      expect(problems, 'console errors/warnings during the test').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
