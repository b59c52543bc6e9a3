/**
 * The generated WebAssembly module behind fma-conv.ts: the stride-1 Conv2D filter gradient (any dilation) as
 * register-tiled multiply-adds over a zero-padded NHWC input, working in place on tfjs-wasm's own memory.
 *
 * Why: tfjs-backend-wasm 4.22's XNNPACK kernels use wasm SIMD's separate multiply and add (~11–14 GMAC/s on one
 * core here). With relaxed SIMD's fused multiply-add (Chrome ≥ 114; Node 20 behind a V8 flag) this tile runs
 * ~18–19 GMAC/s (docs/training-speed.md). Nothing here is specific to dilation: taps are byte offsets into the
 * padded input.
 *
 * Tile: 6 input channels × 8 output channels = 12 f32x4 accumulators, two dy vectors and one splat — 15 of the 16
 * xmm registers V8 allocates on x64; the 6 channels are consecutive floats (one pointer, static offsets).
 * All sizes passed in bytes end in "4" (C4 = C·4).
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
  loadSplat,
  loop,
  ltS,
  mul,
  shrU,
  sub,
  v128Load,
  v128Store,
  whileLoop,
  writeModule,
} from './wasm-emitter';
import { type Madd, countDown, forEachTap, maddWith, padPixelsDriver } from './kernel-parts';

/** Input channels per register tile. */
export const TILE_ROWS = 6;
/** Output channels per register tile: Cout must be a multiple of this. */
export const TILE_COLS = 8;

export interface FmaConvModuleOptions {
  /** relaxed_madd (fused where the CPU has FMA) instead of mul + add. */
  fma: boolean;
  /** The imported memory is shared (threaded tfjs-wasm build). */
  sharedMemory: boolean;
}

const ROWS = Array.from({ length: TILE_ROWS }, (_, r) => r);

/**
 * fgTile<R>: dW[tap, ci..ci+R, co..co+8] += Σ over `rows` output rows of outW pixels of
 * xpad[pixel + tap, ci + r] · dy[pixel, co..]. pa/pd: first pixel's input (tap and ci applied) and dy (co
 * applied); aRowSkip: bytes from the end of one padded input row's outW pixels to the next row's start.
 */
function filterGradTile(R: number, madd: Madd): { writer: FunctionWriter; code: Code } {
  const f = new FunctionWriter(`fgTile${R}`, [
    ['pa', 'i32'],
    ['pd', 'i32'],
    ['dw', 'i32'],
    ['rows', 'i32'],
    ['outW', 'i32'],
    ['aRowSkip', 'i32'],
    ['C4', 'i32'],
    ['Cout4', 'i32'],
  ]);
  const rows = ROWS.slice(0, R);
  f.locals('i32', 'a', 'd', 'row', 'ox');
  f.locals('v128', 'b0', 'b1', 's', ...rows.flatMap((r) => [`c${r}_0`, `c${r}_1`]));
  const at = (r: number): Code => add(f.get('dw'), mul(i32(r), f.get('Cout4')));
  const inner: Code[] = [f.set('b0', v128Load(f.get('d'))), f.set('b1', v128Load(f.get('d'), 16))];
  for (const r of rows) {
    inner.push(f.set('s', loadSplat(f.get('a'), r * 4)));
    inner.push(f.set(`c${r}_0`, madd(f.get('s'), f.get('b0'), f.get(`c${r}_0`))));
    inner.push(f.set(`c${r}_1`, madd(f.get('s'), f.get('b1'), f.get(`c${r}_1`))));
  }
  const code: Code[] = [
    ...rows.flatMap((r) => [f.set(`c${r}_0`, v128Load(at(r))), f.set(`c${r}_1`, v128Load(at(r), 16))]),
    f.set('a', f.get('pa')),
    f.set('d', f.get('pd')),
    f.set('row', f.get('rows')),
    loop(
      f.set('ox', f.get('outW')),
      loop(...inner, f.inc('a', f.get('C4')), f.inc('d', f.get('Cout4')), countDown(f, 'ox')),
      f.inc('a', f.get('aRowSkip')),
      countDown(f, 'row'),
    ),
    ...rows.flatMap((r) => [v128Store(at(r), f.get(`c${r}_0`)), v128Store(at(r), f.get(`c${r}_1`), 16)]),
  ];
  return { writer: f, code: code.flat() };
}

/**
 * filterGrad: for one chunk of `rows` output rows (one image), dW [kH, kW, C, Cout] += every tap × channel
 * block × output-channel block of that chunk. pa0/pd0: the chunk's first pixel in the padded input and in dy.
 */
function filterGradDriver(firstTile: number): { writer: FunctionWriter; code: Code } {
  const f = new FunctionWriter('filterGrad', [
    ['pa0', 'i32'],
    ['pd0', 'i32'],
    ['dw', 'i32'],
    ['rows', 'i32'],
    ['outW', 'i32'],
    ['aRowSkip', 'i32'],
    ['C4', 'i32'],
    ['Cout4', 'i32'],
    ['kH', 'i32'],
    ['kW', 'i32'],
    ['tapRow', 'i32'],
    ['tapCol', 'i32'],
  ]);
  f.locals('i32', 'tapY', 'tap', 'ky', 'kx', 'dwTap', 'ci', 'left', 'co', 'cout');
  // ci is kept in bytes (ci·4); channel ci's dW row starts ci·Cout4 bytes into the tap = (ci·4)·cout.
  const tileArgs = (): Code[] => [
    add(f.get('tap'), f.get('ci')),
    add(f.get('pd0'), f.get('co')),
    add(add(f.get('dwTap'), mul(f.get('ci'), f.get('cout'))), f.get('co')),
    f.get('rows'),
    f.get('outW'),
    f.get('aRowSkip'),
    f.get('C4'),
    f.get('Cout4'),
  ];
  const code: Code[] = [
    f.set('cout', shrU(f.get('Cout4'), i32(2))),
    f.set('dwTap', f.get('dw')),
    forEachTap(
      f,
      f.get('pa0'),
      f.set('ci', i32(0)),
      whileLoop(
        ltS(f.get('ci'), f.get('C4')),
        f.set('left', sub(f.get('C4'), f.get('ci'))),
        f.set('co', i32(0)),
        whileLoop(
          ltS(f.get('co'), f.get('Cout4')),
          block(
            ifThen(geS(f.get('left'), i32(TILE_ROWS * 4)), call(firstTile + TILE_ROWS - 1, ...tileArgs()), br(1)),
            ...ROWS.slice(1).map((r) => ifThen(eq(f.get('left'), i32(r * 4)), call(firstTile + r - 1, ...tileArgs()), br(1))),
          ),
          f.inc('co', i32(TILE_COLS * 4)),
        ),
        f.inc('ci', i32(TILE_ROWS * 4)),
      ),
      f.inc('dwTap', mul(f.get('C4'), f.get('cout'))),
    ),
  ];
  return { writer: f, code: code.flat() };
}

/** Export names of the module's functions. */
export interface FmaConvExports {
  filterGrad: (...args: number[]) => void;
  /** padPixels(src, dst, N, H, W, Cs4, Cd4, Hp, Wp, pt, pl): see kernel-parts.ts. */
  padPixels: (...args: number[]) => void;
}

/** The module's bytes. Function order: fgTile1..6, filterGrad, padPixels (the driver calls tiles by these indices). */
export function fmaConvModuleBytes(opts: FmaConvModuleOptions): Uint8Array<ArrayBuffer> {
  const madd = maddWith(opts.fma);
  const fgTiles = ROWS.map((r) => filterGradTile(r + 1, madd));
  return writeModule({ shared: opts.sharedMemory }, [...fgTiles, filterGradDriver(0), padPixelsDriver()]);
}
