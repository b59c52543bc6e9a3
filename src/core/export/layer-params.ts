/** Moved to src/core/keras/layer-config.ts; this re-export stays until every importer uses the new path. */
export { activationOf } from '../keras/layer-config';
