import { createStore, delMany, entries, getMany, set, update, type UseStore } from 'idb-keyval';
import { isPendingSave, isStoredMeta, isStoredVariant, type PendingSave, type StoredMeta, type StoredVariant } from './records';

/**
 * The autosave database: one IndexedDB object store ("state") holding `variant:<id>` records and
 * one `meta` record. idb-keyval is enough here: its `update` runs the read and the write in one
 * read-write transaction, which IndexedDB serializes across tabs — exactly the compare-and-swap
 * the revision check needs — and it adds ~600 bytes to the bundle.
 */
export interface PersistenceDb {
  /** Every variant record (invalid ones are counted, not returned) and the metadata. */
  loadAll(): Promise<{ records: StoredVariant[]; meta: StoredMeta | undefined; pending: PendingSave[]; skipped: number }>;
  getVariants(ids: readonly string[]): Promise<(StoredVariant | undefined)[]>;
  /** Atomic read-modify-write of one variant record. */
  updateVariant(id: string, updater: (stored: StoredVariant | undefined) => StoredVariant): Promise<void>;
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
      let skipped = 0;
      for (const [key, value] of all) {
        if (key === META_KEY) {
          if (isStoredMeta(value)) meta = value;
        } else if (typeof key === 'string' && key.startsWith('variant:')) {
          if (isStoredVariant(value)) records.push(value);
          else skipped += 1;
        } else if (typeof key === 'string' && key.startsWith('pending:')) {
          if (isPendingSave(value)) pending.push(value);
          else skipped += 1;
        }
      }
      return { records, meta, pending, skipped };
    },
    async getVariants(ids) {
      const values = await getMany<unknown>(ids.map(variantKey), store);
      return values.map((v) => (isStoredVariant(v) ? v : undefined));
    },
    updateVariant(id, updater) {
      return update<unknown>(variantKey(id), (old) => updater(isStoredVariant(old) ? old : undefined), store);
    },
    putMeta(meta) {
      return set(META_KEY, meta, store);
    },
    putPending(pending) {
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
