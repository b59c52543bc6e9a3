import type { Design } from '../types';

/**
 * What a graph edit returns: the new design (the same object when nothing changed, so the store records
 * no empty undo step) and what happened (created ids, a refusal message, a count).
 */
export interface EditResult<R> {
  design: Design;
  result: R;
}

/** A pure graph edit: `(design, args) => { design, result }`. */
export type GraphEdit<A, R> = (design: Design, args: A) => EditResult<R>;

/** Accepted, or refused with a message naming the problem (the design is then unchanged). */
export type Outcome<T> = ({ ok: true } & T) | { ok: false; reason: string };
