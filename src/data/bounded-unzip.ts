import { Unzip, UnzipInflate, unzipSync } from 'fflate';

/**
 * Zip extraction with bounded work. The central directory's declared sizes are read first (nothing inflated) and
 * checked by the caller; then the archive is streamed through fflate's Unzip and each entry's output is counted,
 * so an entry that inflates beyond the size its directory declares is stopped there (fflate's unzipSync would
 * allocate the declared size but still decode the whole stream: seconds of CPU for a lying 1 MB archive).
 */
export class ZipError extends Error {
  override name = 'ZipError';
}

/** Input pushed at a time: 16 KiB inflates to at most ~16 MiB before the next size check. */
const PIECE = 16 * 1024;

/** Uncompressed size per entry name, as the central directory declares it (no entry is inflated). */
export function declaredZipSizes(bytes: Uint8Array): Map<string, number> {
  const sizes = new Map<string, number>();
  unzipSync(bytes, {
    filter(file) {
      sizes.set(file.name, (sizes.get(file.name) ?? 0) + file.originalSize);
      return false;
    },
  });
  return sizes;
}

function concat(chunks: Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Every entry of the archive, none allowed past its declared size (`declared` from declaredZipSizes). */
export function unzipWithinDeclared(bytes: Uint8Array, declared: ReadonlyMap<string, number>): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  let failure: Error | null = null;
  const unzip = new Unzip((file) => {
    const limit = declared.get(file.name);
    if (limit === undefined) {
      failure = new ZipError(`entry ${file.name} is not listed in the archive's directory`);
      return;
    }
    const chunks: Uint8Array[] = [];
    let length = 0;
    file.ondata = (err, chunk, final) => {
      if (failure) return;
      if (err) {
        failure = new ZipError(`entry ${file.name} does not inflate (${err.message})`);
        return;
      }
      length += chunk.length;
      if (length > limit) {
        failure = new ZipError(`entry ${file.name} inflates to more than the ${limit} bytes the archive declares for it`);
        file.terminate();
        return;
      }
      if (chunk.length) chunks.push(chunk);
      if (final) out[file.name] = concat(chunks, length);
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  for (let at = 0; at < bytes.length && !failure; at += PIECE) {
    const end = Math.min(bytes.length, at + PIECE);
    unzip.push(bytes.subarray(at, end), end === bytes.length);
  }
  if (failure) throw failure;
  for (const name of declared.keys()) {
    if (!(name in out)) throw new ZipError(`entry ${name} is cut short (the archive is truncated or corrupt)`);
  }
  return out;
}
