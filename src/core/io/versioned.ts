import { isRecord } from './json-text';
import { errorMessage } from '../result';

/**
 * One versioned-envelope mechanism for everything Sora keeps or hands around: design files, share links
 * (which carry a design file) and the IndexedDB records (saved variants, pending saves, training runs).
 * Like zustand's persist `version` + `migrate`: a stored object carries the `version` it was written with;
 * on load it is migrated step by step (v → v+1) up to the current version and only then validated.
 * A version newer than the app knows is refused with a message that says so (never guessed at).
 */

export type JsonObject = Record<string, unknown>;
/** Turns an object written at version v into the shape of version v+1 (pure; must not throw on valid v input). */
export type MigrationStep = (value: JsonObject) => JsonObject;

export interface VersionedKind {
  /** For messages: "design file", "saved variant", "saved run". */
  label: string;
  /** The version this app writes. */
  current: number;
  /** Oldest version still read. Objects with no `version` field are read as `unversioned` when set. */
  oldest: number;
  /** Version assumed when the field is missing (records written before versions were stored); absent = required. */
  unversioned?: number;
  /** steps[v] migrates version v to v+1; every version from `oldest` to `current - 1` needs one. */
  steps: Readonly<Record<number, MigrationStep>>;
}

export type VersionCheck =
  | { ok: true; version: number }
  /** `newer`: written by a later app version (keep it untouched, this app cannot read it). */
  | { ok: false; error: string; newer: boolean };

/** Reads and checks the `version` field of a stored object. */
export function readVersion(value: unknown, kind: VersionedKind): VersionCheck {
  const raw = isRecord(value) ? value.version : undefined;
  if (raw === undefined && kind.unversioned !== undefined) return { ok: true, version: kind.unversioned };
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 1) {
    return { ok: false, error: `version: expected a positive integer, got ${JSON.stringify(raw)}`, newer: false };
  }
  if (raw > kind.current) {
    return { ok: false, error: `version ${raw} is newer than this app supports (${kind.current}); update Sora Designer`, newer: true };
  }
  if (raw < kind.oldest) return { ok: false, error: `version ${raw} is too old to read (oldest supported: ${kind.oldest})`, newer: false };
  return { ok: true, version: raw };
}

export type Migrated = { ok: true; value: JsonObject; from: number } | { ok: false; error: string; newer: boolean };

/**
 * Migrates `value` from its version to `kind.current` (the result carries `version: current`).
 * The input is not modified.
 */
export function migrateToCurrent(value: unknown, kind: VersionedKind): Migrated {
  if (!isRecord(value))
    return {
      ok: false,
      error: `expected an object, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`,
      newer: false,
    };
  const check = readVersion(value, kind);
  if (!check.ok) return check;
  let out: JsonObject = value;
  for (let v = check.version; v < kind.current; v++) {
    const step = kind.steps[v];
    if (!step) return { ok: false, error: `no migration from version ${v} to ${v + 1} for a ${kind.label}`, newer: false };
    try {
      out = step(out);
    } catch (err) {
      return {
        ok: false,
        error: `migrating from version ${v} to ${v + 1} failed: ${errorMessage(err)}`,
        newer: false,
      };
    }
  }
  return { ok: true, value: out === value ? { ...value, version: kind.current } : { ...out, version: kind.current }, from: check.version };
}
