/**
 * User datasets kept in the worker behind an id: the page sends the files once ('store-dataset'), then every
 * inspect/start/lr-range/probe names the id (DatasetRef { kind: 'stored' }). The parsed dataset of the last
 * (id, image shape) asked for is cached; MNIST is loaded once. A worker that was replaced has no files: the page
 * client sends them again from its own cache (src/worker/worker-client.ts), else the id is unknown here and
 * loading fails with a message that says to choose the files again.
 */
import type { NamedBuffer } from '../data/dataset-errors';
import type { LoadedDataset } from '../data/dataset-summary';
import type { DatasetRef } from './protocol';

export interface DatasetSources {
  /** Parses user files at the Input block's shape (src/data/dataset-loader.ts loadUserFiles). */
  parseFiles(files: readonly NamedBuffer[], label: string, imageShape: [number, number, number]): Promise<LoadedDataset>;
  loadMnist(baseUrl: string | undefined): Promise<LoadedDataset>;
}

/** What a load of an id the worker does not hold says. */
export function unknownDatasetMessage(label: string): string {
  return `The files of ${label} are no longer in the training worker (it was restarted): choose them again.`;
}

export class DatasetStore {
  private readonly files = new Map<string, { label: string; files: NamedBuffer[] }>();
  private mnist: Promise<LoadedDataset> | null = null;
  private cached: { key: string; id: string; value: Promise<LoadedDataset> } | null = null;

  constructor(private readonly sources: DatasetSources) {}

  store(id: string, label: string, files: NamedBuffer[]): void {
    this.files.set(id, { label, files });
  }

  drop(id: string): void {
    this.files.delete(id);
    if (this.cached?.id === id) this.cached = null;
  }

  /** Ids held (tests). */
  get ids(): string[] {
    return [...this.files.keys()];
  }

  load(ref: DatasetRef, imageShape: [number, number, number]): Promise<LoadedDataset> {
    if (ref.kind === 'mnist') {
      const loading = (this.mnist ??= this.sources.loadMnist(ref.baseUrl));
      loading.catch(() => {
        if (this.mnist === loading) this.mnist = null;
      });
      return loading;
    }
    const entry = this.files.get(ref.id);
    if (!entry) return Promise.reject(new Error(unknownDatasetMessage(ref.label)));
    const key = `${ref.id}|${imageShape.join('x')}`;
    if (this.cached?.key !== key) {
      const value = this.sources.parseFiles(entry.files, entry.label, imageShape);
      const cached = { key, id: ref.id, value };
      this.cached = cached;
      value.catch(() => {
        if (this.cached === cached) this.cached = null;
      });
    }
    return this.cached.value;
  }
}
