/**
 * The zod schema of a training config inside a stored record (IndexedDB runs), generated from the field list.
 * Lenient on purpose: only the JSON types, integer-ness and enum options are checked — limits are checked when a run starts
 * (validate.ts), and a record saved under older limits must still load. Keys outside the list are dropped.
 */
import { z } from 'zod';
import type { TrainConfig } from './train-config';
import type { TrainFieldSpec } from './train-field';
import { TRAIN_FIELDS } from './train-fields';

function valueSchema(f: TrainFieldSpec): z.ZodType {
  switch (f.type) {
    case 'int':
      return z.number().int();
    case 'float':
      return z.number();
    case 'enum':
      return z.enum(f.options as [string, ...string[]]);
    case 'bool':
      return z.boolean();
  }
}

export function storedTrainConfigSchema(fields: readonly TrainFieldSpec[] = TRAIN_FIELDS): z.ZodType<TrainConfig> {
  const shape: Record<string, z.ZodType> = {};
  const groups: Record<string, Record<string, z.ZodType>> = {};
  for (const f of fields) {
    const [top, sub] = f.key.split('.');
    const s = valueSchema(f);
    if (sub === undefined) shape[top] = f.required ? s : s.optional();
    else (groups[top] ??= {})[sub] = f.required ? s : s.optional();
  }
  for (const [top, members] of Object.entries(groups)) shape[top] = z.object(members).optional();
  return z.object(shape) as unknown as z.ZodType<TrainConfig>;
}
