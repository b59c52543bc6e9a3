/**
 * The generated WebAssembly module behind fma-conv.ts: stride-1 NHWC convolutions (any dilation) and their filter
 * gradient as register-tiled multiply-adds over a zero-padded input, working in place on tfjs-wasm's own memory.
 *
 * Why: tfjs-backend-wasm 4.22's XNNPACK kernels use wasm SIMD's separate multiply and add (~14 GMAC/s on one core
 * here). With relaxed SIMD's fused multiply-add (Chrome ≥ 114; Node 20 behind a V8 flag) the same 6×8 register
 * tile runs ~19 GMAC/s (docs/training-speed.md). Nothing here is specific to dilation: taps are byte offsets
 * into the padded input.
 *
 * Tiles: 6 output pixels (or 6 input channels, for the filter gradient) × 8 output channels = 12 f32x4
 * accumulators, two filter/dy vectors and one splat — 15 of the 16 xmm registers V8 allocates on x64.
 * All sizes passed in bytes end in "4" (C4 = C·4).
 */
import {
  type Code,
  FunctionWriter,
  add,
  block,
  br,
  brIf,
  call,
  eq,
  f32x4Add,
  f32x4Mul,
  f32x4Pmax,
  f32Load,
  f32Store,
  extractLane,
  shl,
  geS,
  i32,
  ifThen,
  loadSplat,
  loop,
  ltS,
  memoryCopy,
  memoryFill,
  mul,
  relaxedMadd,
  shrU,
  sub,
  v128Load,
  v128Store,
  v128Zero,
  whileLoop,
  writeModule,
} from './wasm-emitter';

/** Output pixels (forward) or input channels (filter gradient) per register tile. */
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

function maddWith(fma: boolean): (a: Code, b: Code, c: Code) => Code {
  return fma ? relaxedMadd : (a, b, c) => f32x4Add(f32x4Mul(a, b), c);
}

/** Decrement-and-loop: `name -= step; if (name != 0) continue` (loop label at depth 0). */
function countDown(f: FunctionWriter, name: string, step = 1): Code {
  return [...f.set(name, sub(f.get(name), i32(step))), ...brIf(0, f.get(name))];
}

/**
 * convTile<R>: R consecutive output pixels of one row × one block of 8 output channels. The input is planar and
 * padded, [N][C][plane], so the R pixels of one channel at one tap are consecutive floats: one pointer and static
 * offsets, like the filter gradient's tile. pin: the tile's first pixel in channel 0 at tap (0, 0); taps walk ky
 * (tapRow bytes) × kx (tapCol bytes), channels plane4 bytes apart. wb: the filter [kH, kW, C, Cout] at this
 * block's first channel (8 consecutive floats per step, Cout4 bytes apart). Output NHWC: pixel r at pout + r·Cout4.
 */
function convTile(R: number, madd: ReturnType<typeof maddWith>): { writer: FunctionWriter; code: Code } {
  const f = new FunctionWriter(`convTile${R}`, [
    ['pin', 'i32'],
    ['pout', 'i32'],
    ['wb', 'i32'],
    ['bias', 'i32'],
    ['plane4', 'i32'],
    ['Cout4', 'i32'],
    ['kH', 'i32'],
    ['kW', 'i32'],
    ['tapRow', 'i32'],
    ['tapCol', 'i32'],
    ['C', 'i32'],
    ['relu', 'i32'],
  ]);
  const rows = ROWS.slice(0, R);
  f.locals('i32', 'wp', 'tapY', 'tap', 'ky', 'kx', 'k', 'a');
  f.locals('v128', 'b0', 'b1', 's', ...rows.flatMap((r) => [`c${r}_0`, `c${r}_1`]));
  const inner: Code[] = [];
  for (let j = 0; j < 4; j++) {
    inner.push(f.set('b0', v128Load(f.get('wp'))), f.set('b1', v128Load(f.get('wp'), 16)));
    for (const r of rows) {
      inner.push(f.set('s', loadSplat(f.get('a'), 16 * r + 4 * j)));
      inner.push(f.set(`c${r}_0`, madd(f.get('s'), f.get('b0'), f.get(`c${r}_0`))));
      inner.push(f.set(`c${r}_1`, madd(f.get('s'), f.get('b1'), f.get(`c${r}_1`))));
    }
    inner.push(f.inc('wp', f.get('Cout4')));
  }
  const at = (r: number): Code => add(f.get('pout'), mul(i32(r), f.get('Cout4')));
  const code: Code[] = [
    f.set('b0', v128Load(f.get('bias'))),
    f.set('b1', v128Load(f.get('bias'), 16)),
    ...rows.flatMap((r) => [f.set(`c${r}_0`, f.get('b0')), f.set(`c${r}_1`, f.get('b1'))]),
    f.set('wp', f.get('wb')),
    f.set('tapY', f.get('pin')),
    f.set('ky', f.get('kH')),
    loop(
      f.set('tap', f.get('tapY')),
      f.set('kx', f.get('kW')),
      loop(
        f.set('a', f.get('tap')),
        f.set('k', f.get('C')),
        loop(...inner, f.inc('a', f.get('plane4')), countDown(f, 'k', 4)),
        f.inc('tap', f.get('tapCol')),
        countDown(f, 'kx'),
      ),
      f.inc('tapY', f.get('tapRow')),
      countDown(f, 'ky'),
    ),
    ifThen(
      f.get('relu'),
      ...rows.flatMap((r) => [f.set(`c${r}_0`, f32x4Pmax(f.get(`c${r}_0`), v128Zero())), f.set(`c${r}_1`, f32x4Pmax(f.get(`c${r}_1`), v128Zero()))]),
    ),
    ...rows.flatMap((r) => [v128Store(at(r), f.get(`c${r}_0`)), v128Store(at(r), f.get(`c${r}_1`), 16)]),
  ];
  return { writer: f, code: code.flat() };
}

/**
 * conv: out [N, outH, outW, Cout] (NHWC) = planar padded input [N][C][plane] ⊛ w [kH, kW, C, Cout], stride 1,
 * taps at (ky·tapRow + kx·tapCol) bytes; inRow = Wp·4, plane4 = plane·4. For each output row and each block of 8
 * output channels, convTile6 runs along the row and one shorter tile takes its end.
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
    ['plane4', 'i32'],
    ['relu', 'i32'],
  ]);
  f.locals('i32', 'n', 'imgIn', 'rowIn', 'rowOut', 'oy', 'co', 'pin', 'po', 'ox');
  const tileArgs = (): Code[] => [
    f.get('pin'),
    f.get('po'),
    add(f.get('w'), f.get('co')),
    add(f.get('bias'), f.get('co')),
    f.get('plane4'),
    f.get('Cout4'),
    f.get('kH'),
    f.get('kW'),
    f.get('tapRow'),
    f.get('tapCol'),
    f.get('C'),
    f.get('relu'),
  ];
  const code: Code[] = [
    f.set('rowOut', f.get('out')),
    f.set('imgIn', f.get('xp')),
    f.set('n', f.get('N')),
    loop(
      f.set('rowIn', f.get('imgIn')),
      f.set('oy', f.get('outH')),
      loop(
        f.set('co', i32(0)),
        whileLoop(
          ltS(f.get('co'), f.get('Cout4')),
          f.set('pin', f.get('rowIn')),
          f.set('po', add(f.get('rowOut'), f.get('co'))),
          f.set('ox', f.get('outW')),
          whileLoop(
            geS(f.get('ox'), i32(TILE_ROWS)),
            call(TILE_ROWS - 1, ...tileArgs()),
            f.inc('pin', i32(16 * TILE_ROWS)),
            f.inc('po', mul(i32(TILE_ROWS), f.get('Cout4'))),
            f.set('ox', sub(f.get('ox'), i32(TILE_ROWS))),
          ),
          ...ROWS.slice(1).map((r) => ifThen(eq(f.get('ox'), i32(r)), call(r - 1, ...tileArgs()))),
          f.inc('co', i32(TILE_COLS * 4)),
        ),
        f.inc('rowOut', mul(f.get('outW'), f.get('Cout4'))),
        f.inc('rowIn', f.get('inRow')),
        countDown(f, 'oy'),
      ),
      f.inc('imgIn', mul(f.get('plane4'), shrU(f.get('C'), i32(2)))),
      countDown(f, 'n'),
    ),
  ];
  return { writer: f, code: code.flat() };
}

/**
 * fgTile<R>: dW[tap, ci..ci+R, co..co+8] += Σ over `rows` output rows of outW pixels of
 * xpad[pixel + tap, ci + r] · dy[pixel, co..]. pa/pd: first pixel's input (tap and ci applied) and dy (co
 * applied); aRowSkip: bytes from the end of one padded input row's outW pixels to the next row's start.
 */
function filterGradTile(R: number, madd: ReturnType<typeof maddWith>): { writer: FunctionWriter; code: Code } {
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
    f.set('tapY', f.get('pa0')),
    f.set('ky', f.get('kH')),
    loop(
      f.set('tap', f.get('tapY')),
      f.set('kx', f.get('kW')),
      loop(
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
        f.inc('tap', f.get('tapCol')),
        countDown(f, 'kx'),
      ),
      f.inc('tapY', f.get('tapRow')),
      countDown(f, 'ky'),
    ),
  ];
  return { writer: f, code: code.flat() };
}

/** pad: xp [N, Hp, Wp, C] = 0, then x [N, H, W, C] copied in at row pt, column pl (pt, pl ≥ 0; fits). */
function padDriver(): { writer: FunctionWriter; code: Code } {
  const f = new FunctionWriter('pad', [
    ['x', 'i32'],
    ['xp', 'i32'],
    ['N', 'i32'],
    ['H', 'i32'],
    ['W', 'i32'],
    ['C4', 'i32'],
    ['Hp', 'i32'],
    ['Wp', 'i32'],
    ['pt', 'i32'],
    ['pl', 'i32'],
  ]);
  f.locals('i32', 'n', 'iy', 'src', 'dstImg', 'rowBytes', 'inRow');
  const code: Code[] = [
    f.set('inRow', mul(f.get('Wp'), f.get('C4'))),
    memoryFill(f.get('xp'), i32(0), mul(mul(f.get('N'), f.get('Hp')), f.get('inRow'))),
    f.set('rowBytes', mul(f.get('W'), f.get('C4'))),
    f.set('src', f.get('x')),
    f.set('dstImg', add(f.get('xp'), add(mul(f.get('pt'), f.get('inRow')), mul(f.get('pl'), f.get('C4'))))),
    f.set('n', f.get('N')),
    loop(
      f.set('iy', i32(0)),
      whileLoop(
        ltS(f.get('iy'), f.get('H')),
        memoryCopy(add(f.get('dstImg'), mul(f.get('iy'), f.get('inRow'))), f.get('src'), f.get('rowBytes')),
        f.inc('src', f.get('rowBytes')),
        f.inc('iy', i32(1)),
      ),
      f.inc('dstImg', mul(f.get('Hp'), f.get('inRow'))),
      countDown(f, 'n'),
    ),
  ];
  return { writer: f, code: code.flat() };
}

/**
 * padC4: xp [N][C/4][plane][4] = 0, then x [N, H, W, C] (NHWC, C a multiple of 4) copied in as blocks of 4
 * channels, each block an Hp×Wp image (pixel stride 16 bytes) with x at row pt, column pl. plane (pixels ≥ Hp·Wp)
 * is the caller's: a block stride that is a multiple of 4 KiB would put a tap's blocks in one L1 set.
 */
function padC4Driver(): { writer: FunctionWriter; code: Code } {
  const f = new FunctionWriter('padC4', [
    ['x', 'i32'],
    ['xp', 'i32'],
    ['N', 'i32'],
    ['H', 'i32'],
    ['W', 'i32'],
    ['C', 'i32'],
    ['Wp', 'i32'],
    ['pt', 'i32'],
    ['pl', 'i32'],
    ['plane', 'i32'],
  ]);
  f.locals('i32', 'n', 'iy', 'ix', 'g', 'src', 'dstPix', 'dst', 'block', 'img', 'groups');
  const code: Code[] = [
    f.set('block', shl(f.get('plane'), i32(4))),
    f.set('groups', shrU(f.get('C'), i32(2))),
    memoryFill(f.get('xp'), i32(0), mul(mul(f.get('N'), f.get('groups')), f.get('block'))),
    f.set('src', f.get('x')),
    f.set('img', add(f.get('xp'), shl(add(mul(f.get('pt'), f.get('Wp')), f.get('pl')), i32(4)))),
    f.set('n', f.get('N')),
    loop(
      f.set('iy', i32(0)),
      whileLoop(
        ltS(f.get('iy'), f.get('H')),
        f.set('dstPix', add(f.get('img'), shl(mul(f.get('iy'), f.get('Wp')), i32(4)))),
        f.set('ix', f.get('W')),
        loop(
          f.set('dst', f.get('dstPix')),
          f.set('g', f.get('groups')),
          loop(v128Store(f.get('dst'), v128Load(f.get('src'))), f.inc('src', i32(16)), f.inc('dst', f.get('block')), countDown(f, 'g')),
          f.inc('dstPix', i32(16)),
          countDown(f, 'ix'),
        ),
        f.inc('iy', i32(1)),
      ),
      f.inc('img', mul(f.get('groups'), f.get('block'))),
      countDown(f, 'n'),
    ),
  ];
  return { writer: f, code: code.flat() };
}

/** Export names of the module's functions. */
export interface FmaConvExports {
  conv: (...args: number[]) => void;
  padC4: (...args: number[]) => void;
  filterGrad: (...args: number[]) => void;
  pad: (...args: number[]) => void;
}

/**
 * The module's bytes. Function order: convTile1..6, fgTile1..6, conv, filterGrad, pad,
 * padC4 (the drivers call tiles by these indices).
 */
export function fmaConvModuleBytes(opts: FmaConvModuleOptions): Uint8Array<ArrayBuffer> {
  const madd = maddWith(opts.fma);
  const convTiles = ROWS.map((r) => convTile(r + 1, madd));
  const fgTiles = ROWS.map((r) => filterGradTile(r + 1, madd));
  return writeModule({ shared: opts.sharedMemory }, [
    ...convTiles,
    ...fgTiles,
    convDriver(),
    filterGradDriver(convTiles.length),
    padDriver(),
    padC4Driver(),
  ]);
}
