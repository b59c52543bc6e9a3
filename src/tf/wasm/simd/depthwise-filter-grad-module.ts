/**
 * The generated WebAssembly module behind depthwise-filter-grad.ts: the filter gradient of a stride-1,
 * multiplier-1 depthwise conv, dW[tap, c] = Σ_pixels xpad[pixel + tap, c] · dy[pixel, c], four channels per f32x4,
 * working in place on tfjs-wasm's memory. Plain wasm SIMD; the multiply-add is relaxed_madd when asked (fma).
 *
 * Tiles: G channel groups (4 channels each, G ≤ 4: 16 channels, one 64-byte line of a pixel) × K taps of one
 * kernel row (K ≤ 3) kept in G·K ≤ 12 f32x4 accumulators while a chunk of pixels streams by; per pixel and group
 * one dy vector meets the K shifted x vectors. x is zero-padded [N, Hp, Wp, Cx] (Cx a multiple of 4) so every tap
 * of every pixel is a plain load; dy [N, outH, outW] has pixel stride Cd4 bytes. All sizes in bytes end in "4".
 */
import {
  type Code,
  FunctionWriter,
  add,
  block,
  br,
  call,
  eq,
  geS,
  i32,
  ifThen,
  loop,
  ltS,
  mul,
  sub,
  v128Load,
  v128Store,
  whileLoop,
  writeModule,
} from './wasm-emitter';
import { type Madd, countDown, maddWith, padPixelsDriver } from './kernel-parts';

/** Channel groups of 4 per tile (16 channels). */
const MAX_GROUPS = 4;
/** Taps of a kernel row per tile. */
const MAX_TAPS = 3;

export interface DepthwiseFilterGradModuleOptions {
  /** relaxed_madd (fused where the CPU has FMA) instead of mul + add. */
  fma: boolean;
  /** The imported memory is shared (threaded tfjs-wasm build). */
  sharedMemory: boolean;
}

export interface DepthwiseFilterGradExports {
  /**
   * dwFilterGrad(px0, pd0, dw, rows, outW, xSkip, Cx4, Cd4, tapCol, tapRow, kH, kW): dW [kH·kW][Cx] += the sums
   * over `rows` output rows of outW pixels; px0: the chunk's first pixel in padded x (tap 0, 0), pd0: in dy;
   * xSkip: bytes from the end of a row's outW x pixels to the next row; tapCol / tapRow: bytes between taps.
   */
  dwFilterGrad: (...args: number[]) => void;
  /**
   * padPixels(src, dst, N, H, W, Cs4, Cd4, Hp, Wp, pt, pl): dst [N, Hp, Wp, Cd] = 0, then src [N, H, W, Cs]
   * copied in at row pt, column pl, each pixel's Cs4 bytes at the start of its Cd4 (Cd ≥ Cs).
   */
  padPixels: (...args: number[]) => void;
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** Index of tile (G, K) in the module (tiles come first, G-major). */
const tileIndex = (G: number, K: number): number => (G - 1) * MAX_TAPS + (K - 1);

/**
 * dwTile<G>x<K>(px, pd, dw, rows, outW, xSkip, Cx4, Cd4, tapCol): accumulators for groups g < G, taps k < K
 * start from dW (tap k at dw + k·Cx4, group g 16·g further), take every pixel of the chunk, and go back.
 */
function dwTile(G: number, K: number, madd: Madd): { writer: FunctionWriter; code: Code } {
  const f = new FunctionWriter(`dwTile${G}x${K}`, [
    ['px', 'i32'],
    ['pd', 'i32'],
    ['dw', 'i32'],
    ['rows', 'i32'],
    ['outW', 'i32'],
    ['xSkip', 'i32'],
    ['Cx4', 'i32'],
    ['Cd4', 'i32'],
    ['tapCol', 'i32'],
  ]);
  const groups = range(G);
  const taps = range(K);
  const acc = (g: number, k: number): string => `a${g}_${k}`;
  f.locals('i32', 'x0', 'x1', 'x2', 'd', 'ox');
  f.locals('v128', 'dv', ...groups.flatMap((g) => taps.map((k) => acc(g, k))));
  const dwAt = (k: number): Code => add(f.get('dw'), mul(i32(k), f.get('Cx4')));
  const pixel: Code[] = [];
  if (K > 1) pixel.push(f.set('x1', add(f.get('x0'), f.get('tapCol'))));
  if (K > 2) pixel.push(f.set('x2', add(f.get('x1'), f.get('tapCol'))));
  for (const g of groups) {
    pixel.push(f.set('dv', v128Load(f.get('d'), 16 * g)));
    for (const k of taps) pixel.push(f.set(acc(g, k), madd(v128Load(f.get(`x${k}`), 16 * g), f.get('dv'), f.get(acc(g, k)))));
  }
  const code: Code[] = [
    ...groups.flatMap((g) => taps.map((k) => f.set(acc(g, k), v128Load(dwAt(k), 16 * g)))),
    f.set('x0', f.get('px')),
    f.set('d', f.get('pd')),
    loop(
      f.set('ox', f.get('outW')),
      loop(...pixel, f.inc('x0', f.get('Cx4')), f.inc('d', f.get('Cd4')), countDown(f, 'ox')),
      f.inc('x0', f.get('xSkip')),
      countDown(f, 'rows'),
    ),
    ...groups.flatMap((g) => taps.map((k) => v128Store(dwAt(k), f.get(acc(g, k)), 16 * g))),
  ];
  return { writer: f, code: code.flat() };
}

/**
 * dwFilterGrad: for each block of 16 channels (fewer at the end), each kernel row and each run of up to 3 taps in
 * it, one tile over the chunk's pixels.
 */
function filterGradDriver(): { writer: FunctionWriter; code: Code } {
  const f = new FunctionWriter('dwFilterGrad', [
    ['px0', 'i32'],
    ['pd0', 'i32'],
    ['dw', 'i32'],
    ['rows', 'i32'],
    ['outW', 'i32'],
    ['xSkip', 'i32'],
    ['Cx4', 'i32'],
    ['Cd4', 'i32'],
    ['tapCol', 'i32'],
    ['tapRow', 'i32'],
    ['kH', 'i32'],
    ['kW', 'i32'],
  ]);
  f.locals('i32', 'cb', 'left', 'tapY', 'dwRow', 'ky', 'kx', 'kLeft');
  const tileArgs = (): Code[] => [
    add(f.get('tapY'), mul(f.get('kx'), f.get('tapCol'))),
    add(f.get('pd0'), f.get('cb')),
    add(f.get('dwRow'), mul(f.get('kx'), f.get('Cx4'))),
    f.get('rows'),
    f.get('outW'),
    f.get('xSkip'),
    f.get('Cx4'),
    f.get('Cd4'),
    f.get('tapCol'),
  ];
  /** Calls tile (G, min(kLeft, 3)). */
  const byTaps = (G: number): Code =>
    block(
      ifThen(geS(f.get('kLeft'), i32(MAX_TAPS)), call(tileIndex(G, MAX_TAPS), ...tileArgs()), br(1)),
      ...range(MAX_TAPS - 1).map((k) => ifThen(eq(f.get('kLeft'), i32(k + 1)), call(tileIndex(G, k + 1), ...tileArgs()), br(1))),
    );
  /** Calls tile (min(left / 16, 4), ·). */
  const byGroups = block(
    ifThen(geS(f.get('left'), i32(16 * MAX_GROUPS)), byTaps(MAX_GROUPS), br(1)),
    ...range(MAX_GROUPS - 1).map((g) => ifThen(eq(f.get('left'), i32(16 * (g + 1))), byTaps(g + 1), br(1))),
  );
  const code: Code[] = [
    f.set('cb', i32(0)),
    whileLoop(
      ltS(f.get('cb'), f.get('Cx4')),
      f.set('left', sub(f.get('Cx4'), f.get('cb'))),
      f.set('tapY', add(f.get('px0'), f.get('cb'))),
      f.set('dwRow', add(f.get('dw'), f.get('cb'))),
      f.set('ky', f.get('kH')),
      loop(
        f.set('kx', i32(0)),
        whileLoop(ltS(f.get('kx'), f.get('kW')), f.set('kLeft', sub(f.get('kW'), f.get('kx'))), byGroups, f.inc('kx', i32(MAX_TAPS))),
        f.inc('tapY', f.get('tapRow')),
        f.inc('dwRow', mul(f.get('kW'), f.get('Cx4'))),
        countDown(f, 'ky'),
      ),
      f.inc('cb', i32(16 * MAX_GROUPS)),
    ),
  ];
  return { writer: f, code: code.flat() };
}

/** The module's bytes. Function order: dwTile G×K (G-major, see tileIndex), dwFilterGrad, padPixels. */
export function depthwiseFilterGradModuleBytes(opts: DepthwiseFilterGradModuleOptions): Uint8Array<ArrayBuffer> {
  const madd = maddWith(opts.fma);
  const tiles = range(MAX_GROUPS).flatMap((g) => range(MAX_TAPS).map((k) => dwTile(g + 1, k + 1, madd)));
  return writeModule({ shared: opts.sharedMemory }, [...tiles, filterGradDriver(), padPixelsDriver()]);
}
