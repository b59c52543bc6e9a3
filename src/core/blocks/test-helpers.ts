/** Moved to src/test-support/run-block.ts; this re-export stays until the block tests importing it from here are migrated. */
export { runBlock } from '../../test-support/run-block';
