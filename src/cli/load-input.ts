import { readFile } from 'node:fs/promises';
import { type LoadedFile, loadDesignOrModelBytes } from '../core/io/load-any';
import { errorMessage } from '../core/result';

/** The message for a name that is neither a readable file nor a template id. */
export type MissingMessage = (file: string, templateIds: string[]) => string;

const defaultMissing: MissingMessage = (file, ids) => `${file}: cannot read file: no such file (nor a template id: ${ids.join(', ')})`;

/**
 * Reads a Sora design / Keras or tfjs model / ONNX file; a name that is not a file may be a template id (e.g.
 * `mobilenet-v1`). Errors name the file and the problem.
 */
export async function loadFileOrTemplate(file: string, missing: MissingMessage = defaultMissing): Promise<LoadedFile> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ENOENT') {
      const { getTemplate, TEMPLATES } = await import('../core/templates/index');
      const t = getTemplate(file);
      if (t) return { ok: true, design: t.build(), source: 'design', warnings: [] };
      return {
        ok: false,
        error: missing(
          file,
          TEMPLATES.map((x) => x.id),
        ),
      };
    }
    const why = code === 'EISDIR' ? 'is a directory' : errorMessage(e);
    return { ok: false, error: `${file}: cannot read file: ${why}` };
  }
  return loadDesignOrModelBytes(bytes, file);
}
