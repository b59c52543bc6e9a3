/**
 * Error text and severity for the training worker, shared by the worker (what it posts) and the page's client
 * (what a dying worker raised). No tfjs, no DOM types needed: ErrorEvents are recognised by their fields.
 */

interface ErrorEventLike {
  message?: unknown;
  filename?: unknown;
  lineno?: unknown;
  colno?: unknown;
  error?: unknown;
}

function isErrorEventLike(v: unknown): v is ErrorEventLike {
  if (typeof v !== 'object' || v === null || v instanceof Error) return false;
  const e = v as ErrorEventLike & { type?: unknown };
  return 'filename' in e || 'lineno' in e || (e.type === 'error' && 'message' in e);
}

/** "[object ErrorEvent]" and friends: what String() makes of an event, never worth showing. */
const OBJECT_TEXT = /^(Uncaught )?\[object \w*\]$/;

function fileOnly(url: string): string {
  const path = url.split(/[?#]/)[0];
  return path.slice(path.lastIndexOf('/') + 1) || url;
}

function location(e: ErrorEventLike): string {
  if (typeof e.filename !== 'string' || e.filename === '') return '';
  const line = typeof e.lineno === 'number' && e.lineno > 0 ? `:${e.lineno}` : '';
  const col = line && typeof e.colno === 'number' && e.colno > 0 ? `:${e.colno}` : '';
  return ` (at ${fileOnly(e.filename)}${line}${col})`;
}

/**
 * Readable text for anything thrown, rejected or raised: an Error ("RangeError: …" when not a plain Error),
 * an ErrorEvent (its message, or its error's, with file and line), a string, or an object with a message.
 */
export function describeError(err: unknown, depth = 0): string {
  if (err instanceof Error || (typeof err === 'object' && err !== null && 'name' in err && 'message' in err && !isErrorEventLike(err))) {
    const { name, message } = err as { name: unknown; message: unknown };
    const text = typeof message === 'string' && message ? message : 'no message';
    return typeof name === 'string' && name && name !== 'Error' ? `${name}: ${text}` : text;
  }
  if (isErrorEventLike(err)) {
    const where = location(err);
    // The thrown value itself (an Error, or an ErrorEvent from a wasm thread) says more than the wrapper.
    if (err.error !== undefined && err.error !== null && depth < 3) return `${describeError(err.error, depth + 1)}${where}`;
    const message = typeof err.message === 'string' ? err.message.trim() : '';
    if (message && !OBJECT_TEXT.test(message)) return `${message}${where}`;
    return `no error message${where || ', file or line given'}`;
  }
  if (typeof err === 'string') return OBJECT_TEXT.test(err) ? 'an error event with no details' : err;
  if (err === undefined || err === null) return `no error details (${String(err)})`;
  if (typeof err === 'object' && 'message' in err && typeof err.message === 'string') return err.message;
  const text = String(err);
  return OBJECT_TEXT.test(text) ? 'an error object with no message' : text;
}

/** Messages of errors after which the wasm backend (its memory or runtime) cannot be trusted again. */
const FATAL_TEXT =
  /memory access out of bounds|out of memory|\bOOM\b|Aborted\(|\babort\(|unreachable executed|table index is out of bounds|\bRuntimeError\b/i;

/** True when a message says the backend is broken for good: the worker must be replaced, not reused. */
export function isFatalErrorText(message: string): boolean {
  return FATAL_TEXT.test(message);
}

/** True for a WebAssembly RuntimeError (trap, out-of-bounds access, abort) or an error whose text says the same. */
export function isFatalError(err: unknown): boolean {
  if (typeof WebAssembly !== 'undefined' && err instanceof WebAssembly.RuntimeError) return true;
  return isFatalErrorText(describeError(err));
}
