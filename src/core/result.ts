/**
 * The project's one result and error-message convention.
 *
 * - A function that can fail on user input returns `Result<T>`: `{ ok: true, value }` or `{ ok: false, error }`,
 *   where `error` is a sentence for the user (what is wrong and, where possible, what to do). Build them with `ok()`
 *   and `err()`.
 * - A caught exception becomes that sentence with `errorMessage(e)` (an Error's message, anything else as text).
 * - Exceptions are for bugs and for failures deep inside a pipeline; the boundary that shows them (a notice, the
 *   worker's `error` event, the CLI's stderr) turns them into text with `errorMessage`.
 */
export type Result<T, E = string> = { ok: true; value: T } | { ok: false; error: E };

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function err<E = string>(error: E): { ok: false; error: E } {
  return { ok: false, error };
}

/** The text of a caught value: an Error's message, otherwise the value as a string. */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
