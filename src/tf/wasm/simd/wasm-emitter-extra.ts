/**
 * SIMD instructions the generated gradient kernels need beyond wasm-emitter.ts: lane-wise f32 comparison and
 * bitwise v128 logic (for MaxPoolGrad's first-maximum masks). Same idea as the emitter: an expression is its
 * operands' bytes followed by the instruction (SIMD prefix 0xFD, then the opcode as unsigned LEB128 — every
 * opcode here is below 0x80, so one byte).
 */
import type { Code } from './wasm-emitter';

const simdOp = (op: number, ...operands: Code[]): Code => [...operands.flat(), 0xfd, op];

/** f32x4.gt: all-ones lanes where a > b (false for NaN, as in IEEE and JS). */
export const f32x4Gt = (a: Code, b: Code): Code => simdOp(0x44, a, b);
/** v128.and. */
export const v128And = (a: Code, b: Code): Code => simdOp(0x4e, a, b);
/** v128.andnot: a & ~b. */
export const v128AndNot = (a: Code, b: Code): Code => simdOp(0x4f, a, b);
/** v128.or. */
export const v128Or = (a: Code, b: Code): Code => simdOp(0x50, a, b);
/** v128.bitselect: bits of a where mask is 1, of b where it is 0. */
export const v128Bitselect = (a: Code, b: Code, mask: Code): Code => simdOp(0x52, a, b, mask);
