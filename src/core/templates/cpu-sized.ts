/** Moved to src/test-support/designs.ts (test-only); this re-export stays until the export tests importing it from here are migrated. */
export { cpuSized } from '../../test-support/designs';
