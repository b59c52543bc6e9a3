import { getBlockDef, isBlockKind } from '../blocks/registry';
import { resolveParams } from '../blocks/params';
import type { BlockKind, BlockNode, BlockParams, Design, Edge, ParamValue } from '../graph/types';
import { DESIGN_FILE_FORMAT, DESIGN_FILE_VERSION, DesignFileSchema } from './design-schema';
import { DESIGN_FILE_KIND } from './design-versions';
import { isRecord, parseJsonText } from './json-text';
import { paramsSchema } from './params-schema';
import { prettyJson } from './pretty-json';
import { migrateToCurrent } from './versioned';
import { formatIssues } from './zod-issues';

export { DESIGN_FILE_FORMAT, DESIGN_FILE_VERSION } from './design-schema';

export type DesignParse = { ok: true; design: Design } | { ok: false; error: string };

/** Params in the order the block's fields declare them, then any others alphabetically. */
function orderedParams(kind: BlockKind, params: BlockParams): BlockParams {
  const out: BlockParams = {};
  const keys = getBlockDef(kind).fields.map((f) => f.key);
  for (const k of keys) if (k in params) out[k] = copyValue(params[k]);
  for (const k of Object.keys(params).sort()) if (!(k in out)) out[k] = copyValue(params[k]);
  return out;
}

function copyValue<T>(v: T): T {
  return (Array.isArray(v) ? [...v] : v) as T;
}

/** Serializes a design to the versioned, pretty, stable JSON text of a .sora.json file. */
export function serializeDesign(design: Design): string {
  const file = {
    format: DESIGN_FILE_FORMAT,
    version: DESIGN_FILE_VERSION,
    name: design.name,
    blocks: design.blocks.map((b) => ({
      id: b.id,
      kind: b.kind,
      name: b.name,
      params: orderedParams(b.kind, b.params),
      position: { x: b.position.x, y: b.position.y },
    })),
    edges: design.edges.map((e) => ({ id: e.id, source: e.source, target: e.target, targetIndex: e.targetIndex })),
    viewport: design.viewport ? { x: design.viewport.x, y: design.viewport.y, zoom: design.viewport.zoom } : undefined,
  };
  return `${prettyJson(file)}\n`;
}

const schemaCache = new Map<BlockKind, ReturnType<typeof paramsSchema>>();
function paramsSchemaOf(kind: BlockKind): ReturnType<typeof paramsSchema> {
  let s = schemaCache.get(kind);
  if (!s) {
    s = paramsSchema(getBlockDef(kind).fields);
    schemaCache.set(kind, s);
  }
  return s;
}

function fail(fileName: string | undefined, problems: string[]): DesignParse {
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
  return { ok: false, error: `${fileName ? `${fileName}: ` : ''}${problems[0]}${more}` };
}

function checkFormat(value: unknown): string | null {
  if (!isRecord(value)) return `not a Sora design file: expected a JSON object, got ${Array.isArray(value) ? 'an array' : typeof value}`;
  if (value.format !== DESIGN_FILE_FORMAT) {
    return value.format === undefined
      ? `not a Sora design file: it has no "format": "${DESIGN_FILE_FORMAT}" field`
      : `not a Sora design file: "format" is ${JSON.stringify(value.format)}, expected "${DESIGN_FILE_FORMAT}"`;
  }
  return null;
}

function baseName(fileName: string | undefined): string {
  if (!fileName) return 'Untitled';
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  return base.replace(/(\.sora)?\.json$/i, '') || 'Untitled';
}

/**
 * Parses and validates a design file: JSON syntax, format/version, structure, block kinds, param
 * keys and types, id uniqueness and edge ends are errors. Missing params get their defaults.
 * Graph-level problems (ranges, duplicate names, cycles, shapes) are left to analyzeDesign.
 */
export function parseDesignFile(text: string, fileName?: string): DesignParse {
  const json = parseJsonText(text);
  if (!json.ok) return fail(fileName, [json.error]);
  return designFromJson(json.value, fileName);
}

/**
 * A design body as the app stores it ({ name, blocks, edges, viewport }, e.g. inside an IndexedDB record),
 * written at design `version`: migrated and validated exactly like a design file.
 */
export function designFromBody(body: unknown, version: number = DESIGN_FILE_VERSION): DesignParse {
  if (!isRecord(body))
    return fail(undefined, [`design: expected an object, got ${body === null ? 'null' : Array.isArray(body) ? 'an array' : typeof body}`]);
  return designFromJson({ ...body, format: DESIGN_FILE_FORMAT, version });
}

/** Same as parseDesignFile for an already-parsed JSON value. */
export function designFromJson(value: unknown, fileName?: string): DesignParse {
  const header = checkFormat(value);
  if (header) return fail(fileName, [header]);
  // Older versions are migrated (the same chain as saved variants and runs) before validation.
  const migrated = migrateToCurrent(value, DESIGN_FILE_KIND);
  if (!migrated.ok) return fail(fileName, [migrated.error]);
  const parsed = DesignFileSchema.safeParse(migrated.value);
  if (!parsed.success) return fail(fileName, formatIssues(parsed.error.issues, migrated.value));
  const data = parsed.data;

  const problems: string[] = [];
  const blocks: BlockNode[] = [];
  const ids = new Set<string>();
  data.blocks.forEach((b, i) => {
    if (ids.has(b.id)) problems.push(`duplicate block id '${b.id}' in blocks[${i}]`);
    ids.add(b.id);
    if (!isBlockKind(b.kind)) {
      problems.push(`unknown block kind '${b.kind}' in blocks[${i}]`);
      return;
    }
    const kind: BlockKind = b.kind;
    const raw = b.params ?? {};
    const check = paramsSchemaOf(kind).safeParse(raw);
    if (!check.success) {
      const msgs = formatIssues(check.error.issues, raw, ['blocks', i, 'params']);
      problems.push(...msgs.map((m) => m.replace(/^(blocks\[\d+\]\.params): unknown key/, `$1: unknown parameter`) + ` (${kind} '${b.name}')`));
      return;
    }
    // Defaults fill missing keys. A well-typed value outside its range is kept as saved (the
    // analysis reports it on the block) so that every design the editor can hold loads back.
    const resolved = resolveParams(kind, check.data);
    const params: BlockParams = { ...resolved.params };
    for (const e of resolved.errors) if (e.key in check.data) params[e.key] = check.data[e.key] as ParamValue;
    blocks.push({ id: b.id, kind, name: b.name, params, position: { x: b.position.x, y: b.position.y } });
  });

  const edges: Edge[] = [];
  const edgeIds = new Set<string>();
  data.edges.forEach((e, i) => {
    if (edgeIds.has(e.id)) problems.push(`duplicate edge id '${e.id}' in edges[${i}]`);
    edgeIds.add(e.id);
    for (const end of [e.source, e.target]) {
      if (!ids.has(end)) problems.push(`edge ${e.id} references missing block '${end}'`);
    }
    edges.push({ id: e.id, source: e.source, target: e.target, targetIndex: e.targetIndex });
  });
  if (problems.length > 0) return fail(fileName, problems);

  const design: Design = { name: data.name ?? baseName(fileName), blocks, edges };
  if (data.viewport) design.viewport = { x: data.viewport.x, y: data.viewport.y, zoom: data.viewport.zoom };
  return { ok: true, design };
}
