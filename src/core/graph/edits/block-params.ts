import type { BlockParams, Design, ParamValue } from '../types';
import type { EditResult, Outcome } from './edit-result';

function sameValue(a: ParamValue | undefined, b: ParamValue): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a[0] === b[0] && a[1] === b[1];
  return a === b;
}

export interface SetParamArgs {
  blockId: string;
  key: string;
  value: ParamValue;
}

/** Sets one parameter of a block; `changed` is false when the block is gone or already had the value. */
export function setParam(design: Design, { blockId, key, value }: SetParamArgs): EditResult<{ changed: boolean }> {
  const block = design.blocks.find((b) => b.id === blockId);
  if (!block || sameValue(block.params[key], value)) return { design, result: { changed: false } };
  const params: BlockParams = { ...block.params, [key]: value };
  return {
    design: { ...design, blocks: design.blocks.map((b) => (b.id === blockId ? { ...b, params } : b)) },
    result: { changed: true },
  };
}

/** Message naming the problem with a block name, or null when it can be used. */
export function checkBlockName(design: Design, blockId: string, name: string): string | null {
  if (name.trim() === '') return 'Name must not be empty';
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) {
    return `Name '${name}' must start with a letter and use only letters, digits and '_' (it becomes the layer name)`;
  }
  const clash = design.blocks.find((b) => b.id !== blockId && b.name === name);
  return clash ? `Name '${name}' is already used by another block` : null;
}

export interface RenameBlockArgs {
  blockId: string;
  name: string;
}

/** Renames a block; refused (design unchanged) with checkBlockName's message when the name cannot be used. */
export function renameBlock(design: Design, { blockId, name }: RenameBlockArgs): EditResult<Outcome<{ changed: boolean }>> {
  const problem = checkBlockName(design, blockId, name);
  if (problem) return { design, result: { ok: false, reason: problem } };
  const block = design.blocks.find((b) => b.id === blockId);
  if (!block || block.name === name) return { design, result: { ok: true, changed: false } };
  return {
    design: { ...design, blocks: design.blocks.map((b) => (b.id === blockId ? { ...b, name } : b)) },
    result: { ok: true, changed: true },
  };
}
