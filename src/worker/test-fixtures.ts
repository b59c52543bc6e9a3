/** Moved to src/test-support (datasets.ts, designs.ts); this re-export stays until the tests importing it from here are migrated. */
export { idxImages, idxLabels, tinyDataset } from '../test-support/datasets';
export { ioDesign } from '../test-support/designs';
