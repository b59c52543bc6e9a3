import { Gunzip, Inflate } from 'fflate';
import { errorMessage } from '../result';

/**
 * Decompression with bounded work: the input is fed to fflate's streaming inflater in small pieces and
 * the output is counted as it comes, so a caller can stop at a byte count (an IDX header's size, a cap)
 * instead of inflating a "zip bomb" to the end. Nothing is allocated from a size the data merely claims
 * (gzip's trailer size is checked afterwards, never trusted up front).
 */
export type InflateFormat = 'gzip' | 'deflate';

export type InflateProblem = 'too-large' | 'truncated-or-corrupt';

export class InflateError extends Error {
  override name = 'InflateError';
  constructor(
    readonly problem: InflateProblem,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Input fed per push. Deflate inflates at most 1032:1, so a piece of (bytes still wanted) / 1032 cannot
 * overshoot the target by more than the target itself; at least 4 KiB (≤ ~4 MiB out), at most 1 MiB.
 */
const MAX_RATIO = 1032;
const MIN_PIECE = 4096;
const MAX_PIECE = 1 << 20;

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Streaming inflater over one in-memory input; `fill(n)` inflates only as far as needed for n bytes. */
export class BoundedInflater {
  private out = new Uint8Array(0);
  private length = 0;
  private consumed = 0;
  private finished = false;
  private lastMemberStart = 0;
  /** Bytes after the last gzip member that are not a member (zero padding): ignored, trailer not checkable. */
  private trailingJunk = false;
  /** The byte count the current fill() aims at: growth never reserves much beyond it. */
  private target = 0;
  private readonly stream: Inflate | Gunzip;

  constructor(
    private readonly input: Uint8Array,
    private readonly format: InflateFormat,
  ) {
    const onData = (chunk: Uint8Array, final: boolean) => {
      this.append(chunk);
      if (final) this.finished = true;
    };
    if (format === 'gzip') {
      const gz = new Gunzip(onData);
      gz.onmember = () => {
        this.lastMemberStart = this.length;
      };
      this.stream = gz;
    } else {
      this.stream = new Inflate(onData);
    }
  }

  /** True when the whole input has been inflated (the stream ended). */
  get ended(): boolean {
    return this.finished;
  }

  /** Bytes inflated so far. */
  get size(): number {
    return this.length;
  }

  /**
   * Inflates until at least `n` bytes are out or the stream ends, and returns the output so far
   * (a view; it may be a little longer than n). A stream that ends early or does not decode throws
   * InflateError('truncated-or-corrupt').
   */
  fill(n: number, reserve = n): Uint8Array {
    this.target = n;
    if (reserve > this.out.length && reserve > this.length) this.grow(reserve);
    while (this.length < n && !this.finished) {
      if (this.consumed >= this.input.length) {
        throw new InflateError('truncated-or-corrupt', `the ${this.format} data ends before its end marker (after ${this.length} bytes)`);
      }
      const piece = Math.min(MAX_PIECE, Math.max(MIN_PIECE, Math.ceil((n - this.length) / MAX_RATIO)));
      const end = Math.min(this.input.length, this.consumed + piece);
      try {
        this.stream.push(this.input.subarray(this.consumed, end), end === this.input.length);
      } catch (e) {
        const message = errorMessage(e);
        // fflate says this only when the bytes after a complete member are not another gzip header: padding or
        // junk after the data, which gunzip (and fflate's gunzipSync) ignore too.
        if (this.format === 'gzip' && this.length > 0 && message === 'invalid gzip data') {
          this.finished = true;
          this.trailingJunk = true;
          break;
        }
        throw new InflateError('truncated-or-corrupt', message);
      }
      this.consumed = end;
    }
    if (this.finished && this.format === 'gzip' && !this.trailingJunk) this.checkTrailer();
    return this.out.subarray(0, this.length);
  }

  /** gzip's last 8 bytes hold CRC-32 and the size mod 2^32 of the last member; a missing trailer means a cut file. */
  private checkTrailer(): void {
    const n = this.input.length;
    if (n < 18) throw new InflateError('truncated-or-corrupt', `the gzip data is only ${n} bytes`);
    const isize = (this.input[n - 4] | (this.input[n - 3] << 8) | (this.input[n - 2] << 16) | (this.input[n - 1] << 24)) >>> 0;
    const got = (this.length - this.lastMemberStart) % 2 ** 32;
    if (isize !== got) {
      throw new InflateError('truncated-or-corrupt', `the gzip trailer says ${isize} bytes but the data inflates to ${got}`);
    }
  }

  private append(chunk: Uint8Array): void {
    const need = this.length + chunk.length;
    if (need > this.out.length) this.grow(Math.max(need, Math.min(this.out.length * 2 + 65536, this.target)));
    this.out.set(chunk, this.length);
    this.length = need;
  }

  private grow(capacity: number): void {
    const next = new Uint8Array(capacity);
    next.set(this.out.subarray(0, this.length));
    this.out = next;
  }
}

/**
 * Inflates the whole input, refusing (InflateError('too-large')) as soon as the output passes `maxBytes`;
 * at most ~4 MiB beyond the cap is ever produced.
 */
export function inflateAtMost(input: Uint8Array, format: InflateFormat, maxBytes: number): Uint8Array {
  const inflater = new BoundedInflater(input, format);
  const out = inflater.fill(maxBytes + 1, 0);
  if (out.length > maxBytes) {
    throw new InflateError('too-large', `the data inflates to more than ${maxBytes} bytes`);
  }
  return out;
}
