import { describe, expect, it } from 'vitest';
import { describeError, isFatalError, isFatalErrorText } from './worker-errors';

describe('describeError', () => {
  it('gives an ErrorEvent’s message, file and line instead of "[object ErrorEvent]"', () => {
    const ev = {
      type: 'error',
      message: 'Uncaught RangeError: bad shape',
      filename: 'https://h/a/assets/training.worker-x.js?v=1',
      lineno: 12,
      colno: 7,
      error: null,
    };
    expect(describeError(ev)).toBe('Uncaught RangeError: bad shape (at training.worker-x.js:12:7)');
    expect(String(ev)).toBe('[object Object]'); // what the old code showed for such values
  });

  it('looks inside an ErrorEvent thrown by a wasm thread (the page only sees "Uncaught [object ErrorEvent]")', () => {
    const inner = {
      type: 'error',
      message: 'memory access out of bounds',
      filename: 'tfjs-backend-wasm-threaded-simd.worker.js',
      lineno: 1,
      colno: 900,
    };
    const outer = { type: 'error', message: 'Uncaught [object ErrorEvent]', filename: 'training.worker-x.js', lineno: 3, colno: 1, error: inner };
    expect(describeError(outer)).toBe(
      'memory access out of bounds (at tfjs-backend-wasm-threaded-simd.worker.js:1:900) (at training.worker-x.js:3:1)',
    );
    expect(describeError({ type: 'error', message: 'Uncaught [object ErrorEvent]', filename: '', lineno: 0 })).toBe(
      'no error message, file or line given',
    );
  });

  it('names non-plain errors and handles strings and odd values', () => {
    expect(describeError(new Error('plain'))).toBe('plain');
    expect(describeError(new TypeError('x is undefined'))).toBe('TypeError: x is undefined');
    expect(describeError(new WebAssembly.RuntimeError('memory access out of bounds'))).toBe('RuntimeError: memory access out of bounds');
    expect(describeError('[object ErrorEvent]')).toBe('an error event with no details');
    expect(describeError('just text')).toBe('just text');
    expect(describeError(undefined)).toBe('no error details (undefined)');
    expect(describeError({ message: 'from an object' })).toBe('from an object');
  });
});

describe('fatal backend errors', () => {
  it('are wasm traps, aborts and out-of-memory, not ordinary failures', () => {
    expect(isFatalError(new WebAssembly.RuntimeError('unreachable executed'))).toBe(true);
    expect(isFatalError(new Error('memory access out of bounds'))).toBe(true);
    expect(isFatalErrorText('Aborted(OOM). Build with -sASSERTIONS for more info.')).toBe(true);
    expect(isFatalErrorText('Failed to allocate: out of memory')).toBe(true);
    expect(isFatalError(new Error('The design has no Input block.'))).toBe(false);
    expect(isFatalErrorText('The loss became NaN (diverged) at learning rate 0.1.')).toBe(false);
  });
});
