/**
 * Sora Designer command line: `npm run --silent cli -- <command> [args]`.
 * Commands live in ./commands/<name>.ts and export `run(args): Promise<number>` (the exit code);
 * they are imported lazily so one missing or broken command does not break the others.
 */

import { pathToFileURL } from 'node:url';
import { errorMessage } from '../core/result';

type CommandModule = { run(args: string[]): Promise<number> };

const COMMANDS: Record<string, { summary: string; load: () => Promise<CommandModule> }> = {
  stats: {
    summary: 'stats <file> [--json]   shapes, params, MACs/FLOPs and receptive fields of a design or Keras/tfjs model',
    load: () => import('./commands/stats'),
  },
  train: { summary: 'train <file> [options]  train a design', load: () => import('./commands/' + 'train') as Promise<CommandModule> },
  profile: {
    summary: 'profile <file> [--batch N] [--runs N] [--json]  measured inference latency per block (wasm in Node)',
    load: () => import('./commands/' + 'profile') as Promise<CommandModule>,
  },
  export: {
    summary: 'export <file> [options] export a design or trained model',
    load: () => import('./commands/' + 'export') as Promise<CommandModule>,
  },
  explore: {
    summary:
      'explore <file> --budget SECONDS [--vary …] [--max-params N] [--max-macs N] [--json]  search design variants with successive halving (docs/explore.md)',
    load: () => import('./commands/' + 'explore') as Promise<CommandModule>,
  },
  'import-torch': {
    summary: 'import-torch <bundle> --out DIR  PyTorch bundle weights (e.g. trained by its train.py) → tfjs model.json + weights.bin',
    load: () => import('./commands/' + 'import-torch') as Promise<CommandModule>,
  },
};

export function usage(): string {
  const lines = Object.values(COMMANDS).map((c) => `  ${c.summary}`);
  return ['usage: npm run --silent cli -- <command> [args]', '', 'commands:', ...lines].join('\n');
}

function isMissingModule(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || /Cannot find module/.test(String(e));
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usage()}\n`);
    return name ? 0 : 1;
  }
  const cmd = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!cmd) {
    process.stderr.write(`unknown command '${name}'\n${usage()}\n`);
    return 1;
  }
  let mod: CommandModule;
  try {
    mod = await cmd.load();
  } catch (e) {
    if (!isMissingModule(e)) throw e;
    process.stderr.write(`unknown command '${name}': it is not available in this build\n${usage()}\n`);
    return 1;
  }
  return mod.run(args);
}

function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  return import.meta.url === pathToFileURL(entry).href || /[\\/]cli[\\/]main\.[cm]?[jt]s$/.test(entry);
}

if (isEntryPoint()) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`error: ${errorMessage(e)}\n`);
      process.exitCode = 1;
    },
  );
}
