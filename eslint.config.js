// Layer rules (issue 12): each folder may import only the layers below it, and tfjs stays out of the page.
//   core < data < tf < worker < state < ui ; cli uses core/data/tf/worker. Tests and test helpers may reach
//   across (they compile designs with tfjs to check core code). Formatting is not linted here.
import boundaries from 'eslint-plugin-boundaries';
import tseslint from 'typescript-eslint';

const layer = (type) => ({ type, pattern: `src/${type}` });
const allow = (from, to) => ({ from: { element: { type: from } }, allow: { to: { element: { types: { anyOf: to } } } } });

export default tseslint.config(
  { ignores: ['node_modules', 'dist*', 'test-results', 'playwright-report', 'shots'] },
  { files: ['**/*.{ts,tsx}'], languageOptions: { parser: tseslint.parser, parserOptions: { ecmaFeatures: { jsx: true } } } },
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/**/*.test.ts', 'src/**/__tests__/**', 'src/test-support/**'],
    plugins: { boundaries },
    settings: {
      'import/resolver': { typescript: { project: './tsconfig.json' } },
      'boundaries/elements': ['core', 'data', 'tf', 'worker', 'state', 'ui', 'cli']
        .map(layer)
        .concat([{ type: 'app', pattern: 'src/*.{ts,tsx}', partialMatch: false }]),
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          policies: [
            allow('core', ['core']),
            allow('data', ['core', 'data']),
            allow('tf', ['core', 'data', 'tf']),
            allow('worker', ['core', 'data', 'tf', 'worker']),
            // The page talks to the worker through its protocol types and client only (no tfjs: see below).
            allow('state', ['core', 'data', 'worker', 'state']),
            allow('ui', ['core', 'data', 'worker', 'state', 'ui']),
            allow('cli', ['core', 'data', 'tf', 'worker', 'cli']),
            allow('app', ['core', 'state', 'ui', 'app']),
          ],
        },
      ],
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@tensorflow/*'], message: 'tfjs is imported only in src/tf (and the worker entry); the page never loads it.' }] },
      ],
    },
  },
  {
    // The worker entry wires tfjs backends; everything else that uses tfjs lives in src/tf.
    files: ['src/tf/**/*.ts', 'src/worker/training.worker.ts'],
    ignores: [],
    rules: { 'no-restricted-imports': 'off' },
  },
);
