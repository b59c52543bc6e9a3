/** CLI tests: run a command in-process with its output captured, or spawn the real CLI. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { vi } from 'vitest';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command in-process, capturing what it writes to stdout and stderr. */
export async function captureOutput(fn: () => Promise<number>): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((stdout += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((stderr += String(s)), true));
  try {
    return { code: await fn(), stdout, stderr };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

/** Spawns the real CLI (`tsx src/cli/main.ts ...`) as a user would run it. */
export function spawnCli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ['src/cli/main.ts', ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
