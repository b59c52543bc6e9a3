import { DESIGN_FILE_VERSION } from './design-schema';
import type { MigrationStep, VersionedKind } from './versioned';

/**
 * Migrations of the design body ({ name, blocks, edges, viewport }), shared by design files, share links
 * and the designs inside IndexedDB records: DESIGN_STEPS[v] turns a version-v body into a version-(v+1)
 * body. When the design format changes: bump DESIGN_FILE_VERSION and add the step for the old version here;
 * files, links and saved variants/runs all pick it up.
 */
export const DESIGN_STEPS: Readonly<Record<number, MigrationStep>> = {};

export const DESIGN_FILE_KIND: VersionedKind = {
  label: 'design file',
  current: DESIGN_FILE_VERSION,
  oldest: 1,
  steps: DESIGN_STEPS,
};
