/** Moved to src/test-support/cli.ts; this re-export stays until the last test importing it from here is migrated. */
export { captureOutput, spawnCli, type CliRun } from '../test-support/cli';
