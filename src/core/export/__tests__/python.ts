/** Runs /usr/bin/python3 on a helper script and parses its single JSON line of output. */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { float32ToLeBytes } from '../weight-decode';

export const PYTHON = '/usr/bin/python3';

export function runPythonJson<T>(script: string, args: string[]): T {
  const out = execFileSync(PYTHON, [script, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 90_000 });
  const line = out.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as T;
}

export function writeF32(dir: string, file: string, data: Float32Array): void {
  writeFileSync(join(dir, file), float32ToLeBytes(data));
}
