/**
 * Pieces every generated kernel module shares: the multiply-add (fused relaxed SIMD or plain mul + add), the
 * count-down loop end, and the padding driver that lays a tensor out zero-padded for the kernels to read.
 */
import {
  type Code,
  FunctionWriter,
  add,
  br,
  brIf,
  eq,
  f32x4Add,
  f32x4Mul,
  i32,
  ifThen,
  loop,
  ltS,
  memoryCopy,
  memoryFill,
  mul,
  relaxedMadd,
  sub,
  whileLoop,
} from './wasm-emitter';

export type Madd = (a: Code, b: Code, c: Code) => Code;

/** relaxed_madd (one fused multiply-add where the CPU has FMA) or f32x4 mul + add. */
export function maddWith(fma: boolean): Madd {
  return fma ? relaxedMadd : (a, b, c) => f32x4Add(f32x4Mul(a, b), c);
}

/** `name -= step; if (name != 0) continue` (the enclosing loop at depth 0). */
export function countDown(f: FunctionWriter, name: string, step = 1): Code {
  return [...f.set(name, sub(f.get(name), i32(step))), ...brIf(0, f.get(name))];
}

/**
 * The kH × kW tap loops of a conv kernel: `body` runs once per tap with local `tap` = start + ky·tapRow + kx·tapCol
 * (byte offsets; the function needs i32 locals tapY, tap, ky, kx and parameters/locals kH, kW, tapRow, tapCol).
 */
export function forEachTap(f: FunctionWriter, start: Code, ...body: Code[]): Code {
  return [
    f.set('tapY', start),
    f.set('ky', f.get('kH')),
    loop(
      f.set('tap', f.get('tapY')),
      f.set('kx', f.get('kW')),
      loop(...body, f.inc('tap', f.get('tapCol')), countDown(f, 'kx')),
      f.inc('tapY', f.get('tapRow')),
      countDown(f, 'ky'),
    ),
  ].flat();
}

/**
 * padPixels(src, dst, N, H, W, Cs4, Cd4, Hp, Wp, pt, pl): dst [N, Hp, Wp, Cd] = 0, then src [N, H, W, Cs] copied in
 * at row pt, column pl, each pixel's Cs4 bytes at the start of its Cd4 (Cd ≥ Cs: extra channels stay zero).
 */
export function padPixelsDriver(): { writer: FunctionWriter; code: Code } {
  const f = new FunctionWriter('padPixels', [
    ['src', 'i32'],
    ['dst', 'i32'],
    ['N', 'i32'],
    ['H', 'i32'],
    ['W', 'i32'],
    ['Cs4', 'i32'],
    ['Cd4', 'i32'],
    ['Hp', 'i32'],
    ['Wp', 'i32'],
    ['pt', 'i32'],
    ['pl', 'i32'],
  ]);
  f.locals('i32', 'n', 'iy', 'ix', 'rowOut', 'img', 'imgBytes', 'p');
  const code: Code[] = [
    f.set('rowOut', mul(f.get('Wp'), f.get('Cd4'))),
    f.set('imgBytes', mul(f.get('Hp'), f.get('rowOut'))),
    memoryFill(f.get('dst'), i32(0), mul(f.get('N'), f.get('imgBytes'))),
    f.set('img', add(f.get('dst'), add(mul(f.get('pt'), f.get('rowOut')), mul(f.get('pl'), f.get('Cd4'))))),
    f.set('n', f.get('N')),
    loop(
      f.set('iy', i32(0)),
      whileLoop(
        ltS(f.get('iy'), f.get('H')),
        f.set('p', add(f.get('img'), mul(f.get('iy'), f.get('rowOut')))),
        f.inc('iy', i32(1)),
        // Same pixel size: one copy per row (br 1 = next row); else one per pixel.
        ifThen(
          eq(f.get('Cs4'), f.get('Cd4')),
          memoryCopy(f.get('p'), f.get('src'), mul(f.get('W'), f.get('Cs4'))),
          f.inc('src', mul(f.get('W'), f.get('Cs4'))),
          br(1),
        ),
        f.set('ix', f.get('W')),
        loop(memoryCopy(f.get('p'), f.get('src'), f.get('Cs4')), f.inc('src', f.get('Cs4')), f.inc('p', f.get('Cd4')), countDown(f, 'ix')),
      ),
      f.inc('img', f.get('imgBytes')),
      countDown(f, 'n'),
    ),
  ];
  return { writer: f, code: code.flat() };
}
