/**
 * A tiny WebAssembly binary writer for the generated SIMD kernels: one module that imports
 * a memory and exports functions whose bodies are written as nested expressions over named locals.
 *
 * Only the instructions the generated kernels (simd/*-module.ts) need are here: i32 arithmetic, structured control
 * flow, calls, v128 loads/stores/splats, f32x4 add/mul/gt, v128 bit logic, relaxed multiply-add, bulk memory. An expression is a flat byte list in
 * stack order, so `set('a', add(get('a'), i32(4)))` is the usual `local.get a; i32.const 4; i32.add; local.set a`.
 */

export type Code = readonly number[];
export type ValType = 'i32' | 'v128';

const VAL_TYPE: Record<ValType, number> = { i32: 0x7f, v128: 0x7b };

function uleb(n: number): number[] {
  const out: number[] = [];
  let v = n >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  let v = n | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

function utf8(s: string): number[] {
  const bytes = [...new TextEncoder().encode(s)];
  return [...uleb(bytes.length), ...bytes];
}

function vec(items: readonly (readonly number[])[]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function section(id: number, body: readonly number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

const cat = (...parts: Code[]): Code => parts.flat();
const simd = (op: number, ...rest: number[]): Code => [0xfd, ...uleb(op), ...rest];
/** memarg: alignment (log2 bytes) and a static byte offset. */
const memarg = (align: number, offset: number): number[] => [...uleb(align), ...uleb(offset)];

// ---- Instructions (operands first, as in the text format's folded form) ----

export const i32 = (v: number): Code => [0x41, ...sleb(v)];
export const add = (a: Code, b: Code): Code => cat(a, b, [0x6a]);
export const sub = (a: Code, b: Code): Code => cat(a, b, [0x6b]);
export const mul = (a: Code, b: Code): Code => cat(a, b, [0x6c]);
export const shl = (a: Code, b: Code): Code => cat(a, b, [0x74]);
export const shrU = (a: Code, b: Code): Code => cat(a, b, [0x76]);
export const ltS = (a: Code, b: Code): Code => cat(a, b, [0x48]);
export const geS = (a: Code, b: Code): Code => cat(a, b, [0x4e]);
export const eq = (a: Code, b: Code): Code => cat(a, b, [0x46]);
export const eqz = (a: Code): Code => cat(a, [0x45]);
export const drop = (a: Code): Code => cat(a, [0x1a]);

/** v128 load at address + static offset. */
export const v128Load = (addr: Code, offset = 0): Code => cat(addr, simd(0x00, ...memarg(4, offset)));
/** One f32 at address + offset, splatted to four lanes. */
export const loadSplat = (addr: Code, offset = 0): Code => cat(addr, simd(0x09, ...memarg(2, offset)));
export const v128Store = (addr: Code, value: Code, offset = 0): Code => cat(addr, value, simd(0x0b, ...memarg(4, offset)));
export const v128Zero = (): Code => simd(0x0c, ...new Array<number>(16).fill(0));
export const f32x4Add = (a: Code, b: Code): Code => cat(a, b, simd(0xe4));
export const f32x4Mul = (a: Code, b: Code): Code => cat(a, b, simd(0xe6));
/** pmax(a, b) = a < b ? b : a — with b = 0 a ReLU that keeps NaN. */
export const f32x4Pmax = (a: Code, b: Code): Code => cat(a, b, simd(0xeb));
/** f32x4.gt: all-ones lanes where a > b (false for NaN, as in IEEE and JS). */
export const f32x4Gt = (a: Code, b: Code): Code => cat(a, b, simd(0x44));
/** v128.and. */
export const v128And = (a: Code, b: Code): Code => cat(a, b, simd(0x4e));
/** v128.andnot: a & ~b. */
export const v128AndNot = (a: Code, b: Code): Code => cat(a, b, simd(0x4f));
/** v128.or. */
export const v128Or = (a: Code, b: Code): Code => cat(a, b, simd(0x50));
/** v128.bitselect: bits of a where mask is 1, of b where it is 0. */
export const v128Bitselect = (a: Code, b: Code, mask: Code): Code => cat(a, b, mask, simd(0x52));
/** a·b + c as one fused multiply-add where the CPU has one (relaxed SIMD). */
export const relaxedMadd = (a: Code, b: Code, c: Code): Code => cat(a, b, c, simd(0x105));
/** memory.fill(dst, byte value, n bytes). */
export const memoryFill = (dst: Code, value: Code, n: Code): Code => cat(dst, value, n, [0xfc, ...uleb(11), 0x00]);
/** memory.copy(dst, src, n bytes). */
export const memoryCopy = (dst: Code, src: Code, n: Code): Code => cat(dst, src, n, [0xfc, ...uleb(10), 0x00, 0x00]);

/** `block` whose `br 0` (from directly inside) jumps past its end. */
export const block = (...body: Code[]): Code => cat([0x02, 0x40], ...body, [0x0b]);
/** `loop` whose `br 0` jumps back to its start. */
export const loop = (...body: Code[]): Code => cat([0x03, 0x40], ...body, [0x0b]);
export const br = (depth: number): Code => [0x0c, ...uleb(depth)];
export const brIf = (depth: number, cond: Code): Code => cat(cond, [0x0d, ...uleb(depth)]);
export const ifThen = (cond: Code, ...body: Code[]): Code => cat(cond, [0x04, 0x40], ...body, [0x0b]);

/**
 * `while (cond) { body }` — body must not branch out itself; `continue` is the natural loop end.
 * Depths inside `body` are relative to the inner loop (0 = continue, 1 = break).
 */
export const whileLoop = (cond: Code, ...body: Code[]): Code => block(loop(brIf(1, eqz(cond)), ...body, br(0)));

/** A function being written: its parameters and locals by name. */
export class FunctionWriter {
  private readonly index = new Map<string, number>();
  private readonly localTypes: ValType[] = [];

  constructor(
    readonly name: string,
    readonly params: readonly (readonly [string, ValType])[],
  ) {
    params.forEach(([n], i) => this.index.set(n, i));
  }

  /** Declares locals (idempotent per name). */
  locals(type: ValType, ...names: string[]): this {
    for (const n of names) {
      if (this.index.has(n)) continue;
      this.index.set(n, this.params.length + this.localTypes.length);
      this.localTypes.push(type);
    }
    return this;
  }

  get(n: string): Code {
    return [0x20, ...uleb(this.at(n))];
  }

  set(n: string, value: Code): Code {
    return cat(value, [0x21, ...uleb(this.at(n))]);
  }

  /** `n += delta` on an i32 local. */
  inc(n: string, delta: Code): Code {
    return this.set(n, add(this.get(n), delta));
  }

  private at(n: string): number {
    const i = this.index.get(n);
    if (i == null) throw new Error(`wasm emitter: ${this.name} has no local ${n}`);
    return i;
  }

  /** The function body as the code section wants it (locals grouped by type, then code, then `end`). */
  encodeBody(code: Code): number[] {
    const groups: number[][] = [];
    for (const t of this.localTypes) {
      const last = groups[groups.length - 1];
      if (last != null && last[1] === VAL_TYPE[t]) last[0] += 1;
      else groups.push([1, VAL_TYPE[t]]);
    }
    const body = [...uleb(groups.length), ...groups.flatMap(([count, type]) => [...uleb(count), type]), ...code, 0x0b];
    return [...uleb(body.length), ...body];
  }

  signature(): number[] {
    return [0x60, ...vec(this.params.map(([, t]) => [VAL_TYPE[t]])), 0x00];
  }
}

/** `call` of function number `index` of the module (in the order given to {@link writeModule}). */
export const call = (index: number, ...args: Code[]): Code => cat(...args, [0x10, ...uleb(index)]);

export interface ImportedMemory {
  /** Whether the memory is a shared one (threaded tfjs-wasm build). */
  shared: boolean;
}

/** A module importing `env.memory` and exporting every function under its name. */
export function writeModule(memory: ImportedMemory, fns: readonly { writer: FunctionWriter; code: Code }[]): Uint8Array<ArrayBuffer> {
  const types = section(1, vec(fns.map((f) => f.writer.signature())));
  // Limits: shared memories must declare a maximum; 65536 pages (4 GiB) accepts any actual maximum.
  const limits = memory.shared ? [0x03, ...uleb(0), ...uleb(65536)] : [0x00, ...uleb(0)];
  const imports = section(2, vec([[...utf8('env'), ...utf8('memory'), 0x02, ...limits]]));
  const funcs = section(3, vec(fns.map((_, i) => uleb(i))));
  const exports = section(7, vec(fns.map((f, i) => [...utf8(f.writer.name), 0x00, ...uleb(i)])));
  const codes = section(10, vec(fns.map((f) => f.writer.encodeBody(f.code))));
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...types, ...imports, ...funcs, ...exports, ...codes]);
}
