/**
 * The generated WebAssembly module behind maxpool-grad.ts: MaxPoolGrad of a 2×2, stride-2, unpadded pool on NHWC
 * data, four channels per f32x4, working in place on tfjs-wasm's memory. Plain wasm SIMD (no relaxed ops).
 *
 * Each window's dy goes to its first maximum in row-major order (p00, p01, p10, p11), exactly as the JS loop in
 * fast-basic-kernels.ts: m = a; b wins if b > m, then e if e > m, then f if f > m, with IEEE comparisons (NaN
 * never wins by comparison). All four positions of every window are written (dy or +0), so only an odd last
 * row or column of dx needs zeroing by the caller.
 *
 * Channels: C ≥ 4. Vectors start at 0, 16, 32, … bytes; the last one at C4 − 16, so with C % 4 ≠ 0 it overlaps
 * the one before — harmless, as each output lane depends only on inputs (no accumulation).
 */
import {
  type Code,
  FunctionWriter,
  add,
  f32x4Gt,
  i32,
  loop,
  ltS,
  shl,
  sub,
  v128And,
  v128AndNot,
  v128Bitselect,
  v128Load,
  v128Or,
  v128Store,
  whileLoop,
  writeModule,
} from './wasm-emitter';
import { countDown } from './kernel-parts';

export interface MaxPoolGradExports {
  /**
   * maxPoolGrad2x2(x, dx, dy, rows, OW, C4, rowIn): `rows` rows of windows; x and dx at the first window's top
   * left (byte addresses), dy at its first value; C4 = C·4, rowIn = W·C4 (bytes per input row).
   */
  maxPoolGrad2x2: (x: number, dx: number, dy: number, rows: number, OW: number, C4: number, rowIn: number) => void;
}

function maxPoolGrad2x2(): { writer: FunctionWriter; code: Code } {
  const f = new FunctionWriter('maxPoolGrad2x2', [
    ['x', 'i32'],
    ['dx', 'i32'],
    ['dy', 'i32'],
    ['rows', 'i32'],
    ['OW', 'i32'],
    ['C4', 'i32'],
    ['rowIn', 'i32'],
  ]);
  f.locals('i32', 'delta', 'last', 'diag', 'rowX', 'px', 'pd', 'ox', 'c', 's', 't');
  f.locals('v128', 'a', 'b', 'e', 'f', 'g', 'gb', 'ge', 'gf', 'm');
  const g = (n: string): Code => f.get(n);
  // One vector of 4 channels at byte offset c of the window: s = its p00 in x, t = the same place in dx.
  const window: Code[] = [
    f.set('s', add(g('px'), g('c'))),
    f.set('t', add(g('s'), g('delta'))),
    f.set('a', v128Load(g('s'))),
    f.set('b', v128Load(add(g('s'), g('C4')))),
    f.set('e', v128Load(add(g('s'), g('rowIn')))),
    f.set('f', v128Load(add(g('s'), g('diag')))),
    f.set('g', v128Load(add(g('pd'), g('c')))),
    f.set('gb', f32x4Gt(g('b'), g('a'))),
    f.set('m', v128Bitselect(g('b'), g('a'), g('gb'))),
    f.set('ge', f32x4Gt(g('e'), g('m'))),
    f.set('m', v128Bitselect(g('e'), g('m'), g('ge'))),
    f.set('gf', f32x4Gt(g('f'), g('m'))),
    v128Store(add(g('t'), g('diag')), v128And(g('g'), g('gf'))),
    v128Store(add(g('t'), g('rowIn')), v128AndNot(v128And(g('g'), g('ge')), g('gf'))),
    // From here gf means "p10 or p11 won".
    f.set('gf', v128Or(g('ge'), g('gf'))),
    v128Store(add(g('t'), g('C4')), v128AndNot(v128And(g('g'), g('gb')), g('gf'))),
    v128Store(g('t'), v128AndNot(g('g'), v128Or(g('gb'), g('gf')))),
  ];
  const code: Code[] = [
    f.set('delta', sub(g('dx'), g('x'))),
    f.set('last', sub(g('C4'), i32(16))),
    f.set('diag', add(g('rowIn'), g('C4'))),
    f.set('rowX', g('x')),
    f.set('pd', g('dy')),
    loop(
      f.set('px', g('rowX')),
      f.set('ox', g('OW')),
      loop(
        f.set('c', i32(0)),
        whileLoop(ltS(g('c'), g('last')), ...window, f.inc('c', i32(16))),
        f.set('c', g('last')),
        ...window,
        f.inc('px', shl(g('C4'), i32(1))),
        f.inc('pd', g('C4')),
        countDown(f, 'ox'),
      ),
      f.inc('rowX', shl(g('rowIn'), i32(1))),
      countDown(f, 'rows'),
    ),
  ];
  return { writer: f, code: code.flat() };
}

/** The module's bytes (its one function validates on any engine with wasm SIMD). */
export function maxPoolGradModuleBytes(sharedMemory: boolean): Uint8Array<ArrayBuffer> {
  return writeModule({ shared: sharedMemory }, [maxPoolGrad2x2()]);
}
