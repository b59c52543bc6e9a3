/**
 * Test helpers: small inputs that inflate to a lot (a "zip bomb"), built bit by bit so a test does not have to
 * compress gigabytes first. A fixed-Huffman deflate block: one literal 0, then (length 258, distance 1)
 * copies, 13 bits per 258 output bytes.
 */
class BitWriter {
  private bytes: Uint8Array;
  private bit = 0;
  constructor(capacity: number) {
    this.bytes = new Uint8Array(capacity);
  }
  /** Writes `count` bits of `value`, least significant first (deflate's order for header fields). */
  lsb(value: number, count: number): void {
    for (let i = 0; i < count; i++) this.put((value >> i) & 1);
  }
  /** Writes a Huffman code, most significant bit first. */
  code(value: number, count: number): void {
    for (let i = count - 1; i >= 0; i--) this.put((value >> i) & 1);
  }
  private put(b: number): void {
    if (b) this.bytes[this.bit >> 3] |= 1 << (this.bit & 7);
    this.bit++;
  }
  done(): Uint8Array {
    return this.bytes.slice(0, (this.bit + 7) >> 3);
  }
}

/** Raw deflate data that inflates to at least `outputBytes` zero bytes (exactly 1 + 258·k). */
export function zeroDeflateBomb(outputBytes: number): Uint8Array {
  const copies = Math.max(0, Math.ceil((outputBytes - 1) / 258));
  const w = new BitWriter(Math.ceil((3 + 8 + copies * 13 + 7) / 8) + 1);
  w.lsb(1, 1); // BFINAL
  w.lsb(1, 2); // BTYPE = 01, fixed Huffman
  w.code(0b00110000, 8); // literal 0
  for (let i = 0; i < copies; i++) {
    w.code(0b11000101, 8); // length code 285 = 258
    w.code(0, 5); // distance code 0 = 1
  }
  w.code(0, 7); // end of block (256)
  return w.done();
}

/** Output size of zeroDeflateBomb(outputBytes). */
export function zeroBombSize(outputBytes: number): number {
  return 1 + 258 * Math.max(0, Math.ceil((outputBytes - 1) / 258));
}

/** Wraps raw deflate data as a gzip member whose trailer claims `claimedSize` bytes (CRC left zero). */
export function gzipWrap(deflated: Uint8Array, claimedSize: number): Uint8Array {
  const out = new Uint8Array(10 + deflated.length + 8);
  out.set([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);
  out.set(deflated, 10);
  const n = out.length;
  const size = claimedSize % 2 ** 32;
  for (let i = 0; i < 4; i++) out[n - 4 + i] = Math.floor(size / 2 ** (8 * i)) & 255;
  return out;
}
