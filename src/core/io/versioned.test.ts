import { deflateSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseDesignFile, serializeDesign } from './design-file';
import { DESIGN_FILE_VERSION } from './design-schema';
import { decodeDesignFromHash, encodeDesignToHash, toBase64Url } from './share-url';
import { migrateToCurrent, readVersion, type VersionedKind } from './versioned';

/** A made-up format at version 3: v1 had `title`, v2 renamed it `name`, v3 added `tags`. */
const kind: VersionedKind = {
  label: 'test thing',
  current: 3,
  oldest: 1,
  steps: {
    1: ({ title, ...rest }) => ({ ...rest, name: title }),
    2: (v) => ({ ...v, tags: [] }),
  },
};

describe('versioned envelope', () => {
  it('migrates step by step from an old version to the current one, leaving the input untouched', () => {
    const old = { version: 1, title: 'net' };
    const r = migrateToCurrent(old, kind);
    expect(r).toEqual({ ok: true, from: 1, value: { version: 3, name: 'net', tags: [] } });
    expect(old).toEqual({ version: 1, title: 'net' });
    expect(migrateToCurrent({ version: 2, name: 'x' }, kind)).toEqual({ ok: true, from: 2, value: { version: 3, name: 'x', tags: [] } });
  });

  it('refuses a newer version (flagged, so callers leave it as is) and bad version fields', () => {
    expect(migrateToCurrent({ version: 4 }, kind)).toEqual({
      ok: false,
      newer: true,
      error: 'version 4 is newer than this app supports (3); update Sora Designer',
    });
    expect(readVersion({ version: '2' }, kind)).toEqual({ ok: false, newer: false, error: 'version: expected a positive integer, got "2"' });
    expect(readVersion({}, kind)).toMatchObject({ ok: false, newer: false });
    expect(readVersion({}, { ...kind, unversioned: 1 })).toEqual({ ok: true, version: 1 });
    expect(migrateToCurrent(null, kind)).toEqual({ ok: false, newer: false, error: 'expected an object, got null' });
  });

  it('reports a missing or failing step instead of guessing', () => {
    expect(migrateToCurrent({ version: 1 }, { ...kind, steps: { 2: kind.steps[2] } })).toMatchObject({
      ok: false,
      error: 'no migration from version 1 to 2 for a test thing',
    });
    const throwing = {
      ...kind,
      steps: {
        ...kind.steps,
        2: () => {
          throw new Error('tags broke');
        },
      },
    };
    expect(migrateToCurrent({ version: 2 }, throwing)).toMatchObject({ ok: false, error: 'migrating from version 2 to 3 failed: tags broke' });
  });

  it('design files and share links read their version through the same envelope', () => {
    const design = { name: 'n', blocks: [], edges: [] };
    const future = { ...JSON.parse(serializeDesign(design)), version: DESIGN_FILE_VERSION + 1 };
    const message = `version ${DESIGN_FILE_VERSION + 1} is newer than this app supports (${DESIGN_FILE_VERSION}); update Sora Designer`;
    expect(parseDesignFile(JSON.stringify(future))).toEqual({ ok: false, error: message });
    // A share link carries the design file: the same check applies.
    const hash = `#design=${toBase64Url(deflateSync(strToU8(JSON.stringify(future))))}`;
    expect(decodeDesignFromHash(hash)).toEqual({ ok: false, error: `share link holds an invalid design: ${message}` });
    expect(decodeDesignFromHash(encodeDesignToHash(design))).toEqual({ ok: true, design });
  });
});
