import { createStore, delMany, entries, getMany, set, update, type UseStore } from 'idb-keyval';
import { setAside, skippedRecord, type SkippedRecord } from './quarantine';
import { readPendingSave, readStoredMeta, readStoredVariant, stamped } from './record-schema';
import type { PendingSave, StoredMeta, StoredVariant } from './records';

/**
 * The autosave database: one IndexedDB object store ("state") holding `variant:<id>` records and
 * one `meta` record. idb-keyval is enough here: its `update` runs the read and the write in one
 * read-write transaction, which IndexedDB serializes across tabs — exactly the compare-and-swap
 * the revision check needs — and it adds ~600 bytes to the bundle.
 */
export interface PersistenceDb {
  /**
   * Every variant record and the metadata, each migrated and validated. Records that fail are not returned:
   * damaged ones are moved to quarantine keys, newer-version ones left as they are (see quarantine.ts).
   */
  loadAll(): Promise<{ records: StoredVariant[]; meta: StoredMeta | undefined; pending: PendingSave[]; skipped: SkippedRecord[] }>;
  getVariants(ids: readonly string[]): Promise<(StoredVariant | undefined)[]>;
  /**
   * Atomic read-modify-write of one variant record. Resolves 'newer' without calling `updater` (and without
   * writing) when the stored record was saved by a newer app version: it is never overwritten.
   */
  updateVariant(id: string, updater: (stored: StoredVariant | undefined) => StoredVariant): Promise<'updated' | 'newer'>;
  putMeta(meta: StoredMeta): Promise<void>;
  /** One blind put, issued without waiting for any read (usable during pagehide). */
  putPending(pending: PendingSave): Promise<void>;
  deletePending(tabIds: readonly string[]): Promise<void>;
}

export const DEFAULT_DB_NAME = 'sora-designer';
const META_KEY = 'meta';
const variantKey = (id: string): string => `variant:${id}`;
const pendingKey = (tabId: string): string => `pending:${tabId}`;

const STORE_NAME = 'state';

export function openPersistenceDb(dbName: string = DEFAULT_DB_NAME): PersistenceDb {
  const store: UseStore = createStore(dbName, STORE_NAME);
  /** The open connection, kept so putPending can start its transaction synchronously. */
  let connection: IDBDatabase | null = null;
  return {
    async loadAll() {
      await store('readonly', (os) => {
        connection = os.transaction.db;
      });
      const all = await entries<IDBValidKey, unknown>(store);
      const records: StoredVariant[] = [];
      let meta: StoredMeta | undefined;
      const pending: PendingSave[] = [];
      const skipped: SkippedRecord[] = [];
      for (const [key, value] of all) {
        if (typeof key !== 'string') continue;
        if (key === META_KEY) {
          const read = readStoredMeta(value);
          if (read.ok) meta = read.value;
          else skipped.push(skippedRecord(key, value, read));
        } else if (key.startsWith('variant:')) {
          const read = readStoredVariant(value);
          if (read.ok) records.push(read.value);
          else skipped.push(skippedRecord(key, value, read));
        } else if (key.startsWith('pending:')) {
          const read = readPendingSave(value);
          if (read.ok) pending.push(read.value);
          else skipped.push(skippedRecord(key, value, read));
        }
      }
      await setAside(store, skipped);
      return { records, meta, pending, skipped };
    },
    async getVariants(ids) {
      const values = await getMany<unknown>(ids.map(variantKey), store);
      return values.map((v) => {
        const read = readStoredVariant(v);
        return read.ok ? read.value : undefined;
      });
    },
    async updateVariant(id, updater) {
      let result: 'updated' | 'newer' = 'updated';
      await update<unknown>(
        variantKey(id),
        (old) => {
          const read = readStoredVariant(old);
          if (!read.ok && read.newer) {
            result = 'newer';
            return old; // put back as it was
          }
          return stamped(updater(read.ok ? read.value : undefined));
        },
        store,
      );
      return result;
    },
    putMeta(meta) {
      return set(META_KEY, stamped(meta), store);
    },
    putPending(unstamped) {
      const pending = stamped(unstamped);
      if (!connection) return set(pendingKey(pending.tabId), pending, store);
      // During pagehide there is no later task to run in: open the transaction, put and commit now.
      let tx: IDBTransaction;
      try {
        tx = connection.transaction(STORE_NAME, 'readwrite');
      } catch {
        connection = null; // closed by the browser: fall back to a fresh connection
        return set(pendingKey(pending.tabId), pending, store);
      }
      tx.objectStore(STORE_NAME).put(pending, pendingKey(pending.tabId));
      tx.commit?.();
      return new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onabort = tx.onerror = () => reject(tx.error ?? new Error('pending save aborted'));
      });
    },
    deletePending(tabIds) {
      return delMany(tabIds.map(pendingKey), store);
    },
  };
}
