import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The main thread must never load tfjs: walks the static import graph from src/main.tsx (the worker is
 * reached only through `new URL('./training.worker.ts', import.meta.url)`, which is not an import) and
 * collects every bare '@tensorflow/…' specifier.
 */
const SRC = resolve(__dirname, '..');
const IMPORT = /(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function resolveFile(from: string, spec: string): string | null {
  const base = resolve(dirname(from), spec);
  for (const c of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]) {
    if (existsSync(c) && /\.(ts|tsx)$/.test(c)) return c;
  }
  return null;
}

function walk(entry: string): { files: Set<string>; tfjs: string[] } {
  const files = new Set<string>();
  const tfjs: string[] = [];
  const stack = [entry];
  while (stack.length) {
    const file = stack.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    const text = readFileSync(file, 'utf8').replace(/^\s*import\s+type\s[^;]+;/gm, '');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2];
      if (spec.startsWith('@tensorflow')) tfjs.push(`${file.slice(SRC.length + 1)} → ${spec}`);
      if (spec.startsWith('.')) {
        const next = resolveFile(file, spec);
        if (next) stack.push(next);
      }
    }
  }
  return { files, tfjs };
}

describe('main-thread bundle', () => {
  it('reaches the training panel and the worker client but no tfjs import', () => {
    const { files, tfjs } = walk(join(SRC, 'main.tsx'));
    const rel = [...files].map((f) => f.slice(SRC.length + 1));
    expect(rel).toContain('state/slices/training-slice.ts');
    expect(rel).toContain('worker/worker-client.ts');
    expect(rel).not.toContain('worker/training.worker.ts');
    expect(tfjs).toEqual([]);
  });
});
