import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** The layer rules in eslint.config.js (run by `npm run lint` in `npm test`) really refuse what they should. */
const eslint = new ESLint({ cwd: process.cwd() });

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('layer rules', () => {
  it('core may not import state or ui, and never tfjs', async () => {
    const msgs = await ruleIds(
      'src/core/graph/zz-probe.ts',
      "import { useAppStore } from '../../state/store';\nimport * as tf from '@tensorflow/tfjs';\nexport const x = [useAppStore, tf];\n",
    );
    expect(msgs).toHaveLength(2);
    expect(msgs[0]).toMatch(/^boundaries\/dependencies: .*"core" to elements of type "state"/);
    expect(msgs[1]).toMatch(/^no-restricted-imports: .*tfjs is imported only in src\/tf/);
  }, 60_000);

  it('the page (ui, state) may not import src/tf; the worker and cli may', async () => {
    expect((await ruleIds('src/ui/zz-probe.ts', "import { compileDesign } from '../tf/compile';\nexport const x = compileDesign;\n"))[0]).toMatch(
      /"ui" to elements of type "tf"/,
    );
    expect((await ruleIds('src/state/zz-probe.ts', "import { compileDesign } from '../tf/compile';\nexport const x = compileDesign;\n"))[0]).toMatch(
      /"state" to elements of type "tf"/,
    );
    expect(await ruleIds('src/worker/zz-probe.ts', "import { compileDesign } from '../tf/compile';\nexport const x = compileDesign;\n")).toEqual([]);
    expect(await ruleIds('src/cli/zz-probe.ts', "import { compileDesign } from '../tf/compile';\nexport const x = compileDesign;\n")).toEqual([]);
  }, 60_000);

  it('data sits below tf and the worker', async () => {
    expect(
      (await ruleIds('src/data/zz-probe.ts', "import { TrainerClient } from '../worker/worker-client';\nexport const x = TrainerClient;\n"))[0],
    ).toMatch(/"data" to elements of type "worker"/);
  }, 60_000);
});
