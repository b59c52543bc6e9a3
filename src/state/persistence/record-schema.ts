import { z } from 'zod';
import { designFromBody } from '../../core/io/design-file';
import { DESIGN_FILE_VERSION } from '../../core/io/design-schema';
import { DESIGN_STEPS } from '../../core/io/design-versions';
import { isRecord } from '../../core/io/json-text';
import { migrateToCurrent, type JsonObject, type MigrationStep, type VersionedKind } from '../../core/io/versioned';
import { formatIssues } from '../../core/io/zod-issues';
import { storedTrainConfigSchema } from '../../core/training/stored-config-schema';
import type { WeightsBlob } from '../../worker/protocol';
import type { Variant } from '../types';
import type { PendingSave, StoredMeta, StoredVariant } from './records';
import type { RunRecord } from './runs-db';

/**
 * Every IndexedDB record carries `version`: the design format version its designs are written in, so the
 * records migrate with the same chain as design files and share links (src/core/io/design-versions.ts).
 * Records written before versions were stored have none and are read as version 1. On load a record is
 * migrated, then validated: its shell with the zod schemas below, each design with the design-file schema.
 */
export const RECORD_VERSION = DESIGN_FILE_VERSION;

/** Runs a design step on the design inside a variant (tombstones and malformed values pass through for validation to reject). */
function onVariant(variant: unknown, step: MigrationStep): unknown {
  return isRecord(variant) && isRecord(variant.design) ? { ...variant, design: step(variant.design) } : variant;
}

/** The design chain lifted to records: `apply` finds the designs inside one record. */
function liftedSteps(
  designSteps: Readonly<Record<number, MigrationStep>>,
  apply: (record: JsonObject, step: MigrationStep) => JsonObject,
): Record<number, MigrationStep> {
  const out: Record<number, MigrationStep> = {};
  for (const [from, step] of Object.entries(designSteps)) out[Number(from)] = (record) => apply(record, step);
  return out;
}

/**
 * The versioned kinds of the IndexedDB records, built from a design chain (the real one by default; tests
 * pass a made-up one to see a design migration reach every record kind).
 */
export function recordKinds(designSteps: Readonly<Record<number, MigrationStep>> = DESIGN_STEPS, current = RECORD_VERSION) {
  const kind = (label: string, apply: (record: JsonObject, step: MigrationStep) => JsonObject): VersionedKind => ({
    label,
    current,
    oldest: 1,
    unversioned: 1,
    steps: liftedSteps(designSteps, apply),
  });
  return {
    variant: kind('saved variant', (r, step) => ({ ...r, variant: onVariant(r.variant, step) })),
    pending: kind('unsaved change', (r, step) => ({
      ...r,
      entries: Array.isArray(r.entries)
        ? r.entries.map((e: unknown) => (isRecord(e) ? { ...e, variant: onVariant(e.variant, step) } : e))
        : r.entries,
    })),
    meta: kind('variant list order', (r) => r),
    run: kind('saved run', (r, step) => (isRecord(r.design) ? { ...r, design: step(r.design) } : r)),
  };
}

const KINDS = recordKinds();

/** Any JS number, NaN and ±Infinity included (a diverged run's loss). */
const anyNumber = z.custom<number>((v) => typeof v === 'number', { message: 'expected a number' });
const nonEmpty = z.string().min(1);

const VariantShell = z.object({
  id: nonEmpty,
  name: z.string(),
  design: z.unknown(),
  createdAt: z.number(),
  updatedAt: z.number(),
  forkedFrom: z.string().optional(),
});

const StoredVariantShell = z.object({
  version: z.number(),
  id: nonEmpty,
  revision: z.number().int().min(0),
  variant: VariantShell.nullable(),
  savedBy: z.string(),
  savedAt: z.number(),
});

const StoredMetaSchema = z.object({
  version: z.number(),
  activeVariantId: z.string().nullable(),
  order: z.array(z.string()),
  savedBy: z.string(),
  savedAt: z.number(),
});

const PendingShell = z.object({
  version: z.number(),
  tabId: nonEmpty,
  savedAt: z.number(),
  entries: z.array(z.object({ id: nonEmpty, base: z.number().int().min(0), variant: VariantShell.nullable() })),
  activeVariantId: z.string().nullable(),
  order: z.array(z.string()),
});

/** Generated from the training field list (src/core/training): types only, so records saved under older limits load. */
const TrainConfigSchema = storedTrainConfigSchema();

const RunShell = z.object({
  version: z.number(),
  id: nonEmpty,
  variantId: z.string(),
  variantName: z.string(),
  design: z.unknown(),
  config: TrainConfigSchema,
  backendPreference: z.enum(['auto', 'wasm', 'webgl', 'webgpu', 'cpu']),
  datasetLabel: z.string(),
  status: z.enum(['running', 'paused', 'completed', 'stopped', 'failed', 'interrupted']),
  startedAt: z.number(),
  finishedAt: z.number().optional(),
  error: z.string().optional(),
  hasWeights: z.boolean(),
  backend: z.string().optional(),
  batchHistory: z.array(z.object({ x: anyNumber, loss: anyNumber, accuracy: anyNumber, lossEma: anyNumber, accuracyEma: anyNumber })),
  epochHistory: z.array(
    z.object({
      epoch: z.number(),
      loss: anyNumber,
      accuracy: anyNumber,
      valLoss: anyNumber.optional(),
      valAccuracy: anyNumber.optional(),
      seconds: anyNumber,
      // Share of the epoch trained and its speed (runs-db RunEpoch; absent from older records).
      fraction: anyNumber.optional(),
      imagesPerSecond: anyNumber.optional(),
    }),
  ),
  final: z.object({ testAccuracy: anyNumber, testLoss: anyNumber, testCount: z.number(), confusion: z.array(z.array(z.number())) }).optional(),
});

export type RecordRead<T> = { ok: true; value: T } | { ok: false; error: string; newer: boolean };

function shellProblem(issues: readonly z.core.$ZodIssue[], value: unknown): string {
  const all = formatIssues(issues, value);
  return all.length > 1 ? `${all[0]} (and ${all.length - 1} more)` : all[0];
}

/**
 * Checks the design with the design-file schema; the stored object itself is kept (it is exactly what the
 * editor saved, key order included), so loading and saving back changes nothing.
 */
function checkDesign(design: unknown, where: string): string | null {
  const parsed = designFromBody(design);
  return parsed.ok ? null : `${where}${parsed.error}`;
}

function readVariant(variant: z.infer<typeof VariantShell>, where: string): RecordRead<Variant> {
  const problem = checkDesign(variant.design, `${where}design: `);
  return problem ? { ok: false, error: problem, newer: false } : { ok: true, value: variant as Variant };
}

/** Migrates and validates one `variant:<id>` record. */
export function readStoredVariant(value: unknown): RecordRead<StoredVariant> {
  const migrated = migrateToCurrent(value, KINDS.variant);
  if (!migrated.ok) return migrated;
  const shell = StoredVariantShell.safeParse(migrated.value);
  if (!shell.success) return { ok: false, error: shellProblem(shell.error.issues, migrated.value), newer: false };
  const r = shell.data;
  if (r.variant === null) return { ok: true, value: { ...r, variant: null } };
  if (r.variant.id !== r.id) return { ok: false, error: `variant.id '${r.variant.id}' does not match the record id '${r.id}'`, newer: false };
  const variant = readVariant(r.variant, 'variant.');
  return variant.ok ? { ok: true, value: { ...r, variant: variant.value } } : variant;
}

export function readStoredMeta(value: unknown): RecordRead<StoredMeta> {
  const migrated = migrateToCurrent(value, KINDS.meta);
  if (!migrated.ok) return migrated;
  const meta = StoredMetaSchema.safeParse(migrated.value);
  return meta.success ? { ok: true, value: meta.data } : { ok: false, error: shellProblem(meta.error.issues, migrated.value), newer: false };
}

export function readPendingSave(value: unknown): RecordRead<PendingSave> {
  const migrated = migrateToCurrent(value, KINDS.pending);
  if (!migrated.ok) return migrated;
  const shell = PendingShell.safeParse(migrated.value);
  if (!shell.success) return { ok: false, error: shellProblem(shell.error.issues, migrated.value), newer: false };
  const entries: PendingSave['entries'] = [];
  for (const [i, e] of shell.data.entries.entries()) {
    if (e.variant === null) {
      entries.push({ id: e.id, base: e.base, variant: null });
      continue;
    }
    const variant = readVariant(e.variant, `entries[${i}].variant.`);
    if (!variant.ok) return variant;
    entries.push({ id: e.id, base: e.base, variant: variant.value });
  }
  return { ok: true, value: { ...shell.data, entries } };
}

/** Migrates and validates one `run:<id>` record. */
export function readRunRecord(value: unknown): RecordRead<RunRecord> {
  const migrated = migrateToCurrent(value, KINDS.run);
  if (!migrated.ok) return migrated;
  const shell = RunShell.safeParse(migrated.value);
  if (!shell.success) return { ok: false, error: shellProblem(shell.error.issues, migrated.value), newer: false };
  const problem = checkDesign(shell.data.design, 'design: ');
  return problem ? { ok: false, error: problem, newer: false } : { ok: true, value: shell.data as RunRecord };
}

const WeightsShell = z.object({
  version: z.number(),
  weightSpecs: z.array(
    z.object({ name: z.string(), shape: z.array(z.number().int().min(0)), dtype: z.enum(['float32', 'int32', 'bool', 'string', 'complex64']) }),
  ),
  weightData: z.custom<ArrayBuffer>((v) => v instanceof ArrayBuffer, { message: 'expected an ArrayBuffer' }),
});
export const WEIGHTS_RECORD_KIND: VersionedKind = { label: 'saved weights', current: RECORD_VERSION, oldest: 1, unversioned: 1, steps: {} };

const BYTES_PER_ELEMENT: Record<string, number> = { float32: 4, int32: 4, bool: 1 };

/** Migrates and validates saved weights: specs well-formed and their sizes adding up to the buffer's length. */
export function readWeightsBlob(value: unknown): RecordRead<WeightsBlob> {
  const migrated = migrateToCurrent(value, WEIGHTS_RECORD_KIND);
  if (!migrated.ok) return migrated;
  const shell = WeightsShell.safeParse(migrated.value);
  if (!shell.success) return { ok: false, error: shellProblem(shell.error.issues, migrated.value), newer: false };
  const { weightSpecs, weightData } = shell.data;
  let bytes = 0;
  for (const spec of weightSpecs) {
    const size = BYTES_PER_ELEMENT[spec.dtype];
    if (size === undefined) return { ok: true, value: { weightSpecs, weightData } }; // string/complex: no fixed size to check
    bytes += spec.shape.reduce((a, b) => a * b, 1) * size;
  }
  if (bytes !== weightData.byteLength) {
    return { ok: false, error: `the weight specs need ${bytes} bytes but the data has ${weightData.byteLength}`, newer: false };
  }
  return { ok: true, value: { weightSpecs, weightData } };
}

/** Stamps the current version on a record about to be written. */
export function stamped<T extends object>(record: T): T & { version: number } {
  return { ...record, version: RECORD_VERSION };
}

/** A human name for a stored record in messages: the variant's or run's name when readable, else its key. */
export function recordName(key: string, value: unknown): string {
  if (isRecord(value)) {
    const v = value.variant;
    if (isRecord(v) && typeof v.name === 'string' && v.name) return `“${v.name}”`;
    if (typeof value.variantName === 'string' && value.variantName) return `the run of “${value.variantName}”`;
  }
  return key;
}
