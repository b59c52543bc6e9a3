/**
 * The generated WebAssembly module behind fma-conv.ts's forward conv (also the input gradient, which is a forward
 * conv of the padded dy with the flipped, transposed filter): stride 1, any dilation, NHWC, in place on tfjs-wasm's
 * memory, relaxed-SIMD multiply-adds.
 *
 * Tile: 6 consecutive output pixels of a row × 8 output channels = 12 f32x4 accumulators. Per step (one input
 * channel of one tap) it loads the 8 filter values as 2 vectors and splats one input value per pixel; the 6 pixels
 * are 6 pointers walking their NHWC channels (each a sequential stream), the filter a packed block
 * [K][8] (K = kH·kW·C, one block per 8 output channels, a sequential stream too).
 *
 * Loop order, measured (docs/training-speed.md): each tile runs all blocks of output channels before the next 6
 * pixels, so its input lines stay in L1 while the packed filter streams by — 20.5 GMAC/s on the reference net's
 * dilated 3×3 conv, vs ~15 for XNNPACK and 14.7 for the channel-block-outer order.
 */
import {
  type Code,
  FunctionWriter,
  add,
  call,
  eq,
  f32x4Pmax,
  geS,
  i32,
  ifThen,
  loadSplat,
  loop,
  ltS,
  mul,
  shl,
  sub,
  v128Load,
  v128Store,
  v128Zero,
  whileLoop,
  writeModule,
} from './wasm-emitter';
import { type Madd, countDown, forEachTap, maddWith, padPixelsDriver } from './kernel-parts';

/** Output pixels per tile. */
export const CONV_TILE_PIXELS = 6;
/** Output channels per tile and per packed filter block: Cout must be a multiple of this. */
export const CONV_TILE_CHANNELS = 8;

const PIXELS = Array.from({ length: CONV_TILE_PIXELS }, (_, r) => r);
const BLOCK_STEP = CONV_TILE_CHANNELS * 4;

/**
 * convTile<R>(pin, pout, wb, bias, C, Cout4, kH, kW, tapRow, tapCol): R pixels (pixel r reads the padded input
 * at pin + r·C·4 + tap offset) × the 8 output channels of packed block wb; bias points at the block's 8.
 * (No ReLU here: any code after the loop that needs one more xmm register makes V8 spill accumulators inside it,
 * 20 → 14 GMAC/s measured; `relu` is a separate pass.)
 */
function convTile(R: number, madd: Madd): { writer: FunctionWriter; code: Code } {
  const f = new FunctionWriter(`convTile${R}`, [
    ['pin', 'i32'],
    ['pout', 'i32'],
    ['wb', 'i32'],
    ['bias', 'i32'],
    ['C', 'i32'],
    ['Cout4', 'i32'],
    ['kH', 'i32'],
    ['kW', 'i32'],
    ['tapRow', 'i32'],
    ['tapCol', 'i32'],
  ]);
  const rows = PIXELS.slice(0, R);
  f.locals('i32', 'wp', 'tapY', 'tap', 'ky', 'kx', 'k', 'C4', ...rows.map((r) => `a${r}`));
  f.locals('v128', 'b0', 'b1', 's', ...rows.flatMap((r) => [`c${r}_0`, `c${r}_1`]));
  const inner: Code[] = [f.set('b0', v128Load(f.get('wp'))), f.set('b1', v128Load(f.get('wp'), 16))];
  for (const r of rows) {
    inner.push(f.set('s', loadSplat(f.get(`a${r}`))));
    inner.push(f.set(`c${r}_0`, madd(f.get('s'), f.get('b0'), f.get(`c${r}_0`))));
    inner.push(f.set(`c${r}_1`, madd(f.get('s'), f.get('b1'), f.get(`c${r}_1`))));
    inner.push(f.inc(`a${r}`, i32(4)));
  }
  inner.push(f.inc('wp', i32(BLOCK_STEP)));
  const at = (r: number): Code => add(f.get('pout'), mul(i32(r), f.get('Cout4')));
  const code: Code[] = [
    f.set('C4', shl(f.get('C'), i32(2))),
    f.set('b0', v128Load(f.get('bias'))),
    f.set('b1', v128Load(f.get('bias'), 16)),
    ...rows.flatMap((r) => [f.set(`c${r}_0`, f.get('b0')), f.set(`c${r}_1`, f.get('b1'))]),
    f.set('wp', f.get('wb')),
    forEachTap(
      f,
      f.get('pin'),
      ...rows.map((r) => f.set(`a${r}`, add(f.get('tap'), mul(i32(r), f.get('C4'))))),
      f.set('k', f.get('C')),
      loop(...inner, countDown(f, 'k')),
    ),
    ...rows.flatMap((r) => [v128Store(at(r), f.get(`c${r}_0`)), v128Store(at(r), f.get(`c${r}_1`), 16)]),
  ];
  return { writer: f, code: code.flat() };
}

/**
 * conv(xp, out, w, bias, N, outH, outW, C, Cout4, kH, kW, tapRow, tapCol, inRow, inImage):
 * out [N, outH, outW, Cout] = padded NHWC input ⊛ packed filter + bias. Byte sizes:
 * tapRow = dH·inRow, tapCol = dW·C·4, inRow = Wp·C·4, inImage = Hp·inRow.
 */
function convDriver(): { writer: FunctionWriter; code: Code } {
  const f = new FunctionWriter('conv', [
    ['xp', 'i32'],
    ['out', 'i32'],
    ['w', 'i32'],
    ['bias', 'i32'],
    ['N', 'i32'],
    ['outH', 'i32'],
    ['outW', 'i32'],
    ['C', 'i32'],
    ['Cout4', 'i32'],
    ['kH', 'i32'],
    ['kW', 'i32'],
    ['tapRow', 'i32'],
    ['tapCol', 'i32'],
    ['inRow', 'i32'],
    ['inImage', 'i32'],
  ]);
  f.locals('i32', 'n', 'imgIn', 'rowIn', 'rowOut', 'oy', 'ox', 'pin', 'pixOut', 'co', 'K');
  const args = (): Code[] => [
    f.get('pin'),
    add(f.get('pixOut'), f.get('co')),
    add(f.get('w'), mul(f.get('co'), f.get('K'))),
    add(f.get('bias'), f.get('co')),
    f.get('C'),
    f.get('Cout4'),
    f.get('kH'),
    f.get('kW'),
    f.get('tapRow'),
    f.get('tapCol'),
  ];
  // All channel blocks of one tile of R pixels.
  const blocks = (tile: number): Code =>
    [f.set('co', i32(0)), whileLoop(ltS(f.get('co'), f.get('Cout4')), call(tile, ...args()), f.inc('co', i32(BLOCK_STEP)))].flat();
  const code: Code[] = [
    // co is a byte offset into a pixel's outputs (32 per block); block co/32 starts (co/32)·K·32 = co·K bytes in.
    f.set('K', mul(mul(f.get('kH'), f.get('kW')), f.get('C'))),
    f.set('imgIn', f.get('xp')),
    f.set('rowOut', f.get('out')),
    f.set('n', f.get('N')),
    loop(
      f.set('rowIn', f.get('imgIn')),
      f.set('oy', f.get('outH')),
      loop(
        f.set('pin', f.get('rowIn')),
        f.set('pixOut', f.get('rowOut')),
        f.set('ox', f.get('outW')),
        whileLoop(
          geS(f.get('ox'), i32(CONV_TILE_PIXELS)),
          blocks(CONV_TILE_PIXELS - 1),
          f.inc('pin', mul(i32(CONV_TILE_PIXELS), shl(f.get('C'), i32(2)))),
          f.inc('pixOut', mul(i32(CONV_TILE_PIXELS), f.get('Cout4'))),
          f.set('ox', sub(f.get('ox'), i32(CONV_TILE_PIXELS))),
        ),
        ...PIXELS.slice(1).map((r) => ifThen(eq(f.get('ox'), i32(r)), blocks(r - 1))),
        f.inc('rowOut', mul(f.get('outW'), f.get('Cout4'))),
        f.inc('rowIn', f.get('inRow')),
        countDown(f, 'oy'),
      ),
      f.inc('imgIn', f.get('inImage')),
      countDown(f, 'n'),
    ),
  ];
  return { writer: f, code: code.flat() };
}

/** relu(p, n): n floats at p (n a multiple of 4) = max(·, 0), NaN kept. */
function reluDriver(): { writer: FunctionWriter; code: Code } {
  const f = new FunctionWriter('relu', [
    ['p', 'i32'],
    ['n', 'i32'],
  ]);
  const code: Code[] = [
    f.set('n', shl(f.get('n'), i32(2))),
    whileLoop(
      ltS(i32(0), f.get('n')),
      v128Store(f.get('p'), f32x4Pmax(v128Load(f.get('p')), v128Zero())),
      f.inc('p', i32(16)),
      f.set('n', sub(f.get('n'), i32(16))),
    ),
  ];
  return { writer: f, code: code.flat() };
}

export interface ConvForwardExports {
  conv: (...args: number[]) => void;
  relu: (p: number, n: number) => void;
  /** padPixels(src, dst, N, H, W, Cs4, Cd4, Hp, Wp, pt, pl): see kernel-parts.ts. */
  padPixels: (...args: number[]) => void;
}

/** The module's bytes. Function order: convTile1..6, conv, padPixels, relu (the driver calls tiles by index). */
export function convForwardModuleBytes(opts: { fma: boolean; sharedMemory: boolean }): Uint8Array<ArrayBuffer> {
  const madd = maddWith(opts.fma);
  return writeModule({ shared: opts.sharedMemory }, [...PIXELS.map((r) => convTile(r + 1, madd)), convDriver(), padPixelsDriver(), reluDriver()]);
}
