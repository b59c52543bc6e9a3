import { z } from 'zod';
import type { FieldSpec } from '../blocks/block-def';

/**
 * zod schemas for a block's params, generated from its field descriptors.
 * Only JSON types, integer-ness and enum options are checked here; ranges are then checked by
 * resolveParams (the same rules the inspector and the analysis use).
 */
export function fieldSchema(field: FieldSpec): z.ZodType {
  switch (field.type) {
    case 'int':
      return z.number().int();
    case 'float':
      return z.number();
    case 'pair':
      // [h, w] or a single integer n meaning [n, n] (as Keras accepts)
      return z.union([z.number().int(), z.tuple([z.number().int(), z.number().int()])]);
    case 'enum':
      return z.enum(field.options as [string, ...string[]]);
    case 'bool':
      return z.boolean();
  }
}

/** Strict object schema: every key optional (missing ones get defaults), unknown keys rejected. */
export function paramsSchema(fields: readonly FieldSpec[]): z.ZodType<Record<string, unknown>> {
  const shape: Record<string, z.ZodType> = {};
  for (const f of fields) shape[f.key] = fieldSchema(f).optional();
  return z.strictObject(shape) as unknown as z.ZodType<Record<string, unknown>>;
}
