import { z } from 'zod';

/** Current version of the design file format written by serializeDesign. */
export const DESIGN_FILE_VERSION = 1;
export const DESIGN_FILE_FORMAT = 'sora-design';

const finite = z.number();

export const PositionSchema = z.strictObject({ x: finite, y: finite });

/** A block as stored in the file; params are checked per kind afterwards. */
export const BlockEntrySchema = z.strictObject({
  id: z.string().min(1),
  kind: z.string(),
  name: z.string(), // empty / invalid names are reported by the analysis, like in the editor
  params: z.record(z.string(), z.unknown()).optional(),
  position: PositionSchema,
});

export const EdgeEntrySchema = z.strictObject({
  id: z.string().min(1),
  source: z.string().min(1),
  target: z.string().min(1),
  targetIndex: z.number().int().min(0),
});

export const ViewportSchema = z.strictObject({ x: finite, y: finite, zoom: z.number().gt(0) });

/** Whole file after the format/version header has been checked. Unknown top-level keys are ignored. */
export const DesignFileSchema = z.object({
  format: z.literal(DESIGN_FILE_FORMAT),
  version: z.number().int().min(1),
  name: z.string().optional(),
  blocks: z.array(BlockEntrySchema),
  edges: z.array(EdgeEntrySchema),
  viewport: ViewportSchema.optional(),
});

export type DesignFileData = z.infer<typeof DesignFileSchema>;
