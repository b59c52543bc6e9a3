/**
 * Errors raised while reading a user's dataset. The message always names the file
 * (or folder) at fault and the problem, so the UI can show it verbatim.
 */
export class DatasetError extends Error {
  readonly file: string;
  readonly problem: string;

  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'DatasetError';
    this.file = file;
    this.problem = problem;
  }
}

/** Message text for anything thrown while loading a dataset. */
export function datasetErrorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/** A file as read by the browser (or Node tests): its path and bytes. */
export interface NamedBuffer {
  /** File name, or relative path for folder / zip entries ("cats/001.png"). */
  name: string;
  data: ArrayBuffer;
}

/** Last path segment of a relative path. */
export function baseName(path: string): string {
  const parts = path.split('/');
  return parts[parts.length - 1];
}
