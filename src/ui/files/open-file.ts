import { emptyDesign } from '../../core/graph/factory';
import { type LoadedFile, loadDesignOrModel, loadDesignOrModelBytes } from '../../core/io/load-any';
import { weightsBlob } from '../../core/onnx/import/weight-layout';
import { selectVariant } from '../../state/selectors';
import { useAppStore } from '../../state/store';
import { saveVariantWeights } from '../../state/variant-weights';
import { fileStem } from './file-names';
import { layoutImported, needsLayout } from './layout-import';
import { errorMessage } from '../../core/result';

/** Larger files are refused before reading (a model.json is topology only: kilobytes). */
export const MAX_OPEN_BYTES = 20 * 1024 * 1024;
/** An .onnx file carries its weights (MobileNet v1: 17 MB). */
export const MAX_OPEN_ONNX_BYTES = 200 * 1024 * 1024;

/** B's errors already start with "<file>: "; keep the message once. */
function withoutFilePrefix(error: string, fileName: string): string {
  return error.startsWith(`${fileName}: `) ? error.slice(fileName.length + 2) : error;
}

/**
 * Opens a design file or a Keras/tfjs model.json as a NEW variant (the current design is never
 * touched); the import is that variant's first undo step. Imports without a usable layout are auto-laid out. Returns the new variant id, or null
 * after showing an error notice naming the file and the problem.
 */
export function openDesignText(text: string, fileName: string): string | null {
  return openGuarded(fileName, () => openLoaded(loadDesignOrModel(text, fileName), fileName));
}

/**
 * Runs an open and turns anything it throws (a bug, a stack overflow on a pathological file, running out of
 * memory) into the same "Could not open" notice as a bad file: an open never fails silently.
 */
function openGuarded(fileName: string, open: () => string | null): string | null {
  try {
    return open();
  } catch (err) {
    const why = err instanceof Error ? `${err.name === 'Error' ? '' : `${err.name}: `}${err.message}` : String(err);
    useAppStore.getState().notify('error', `Could not open “${fileName}”: the file could not be loaded (${why.slice(0, 300)}).`);
    return null;
  }
}

const IMPORTED: Record<Extract<LoadedFile, { ok: true }>['source'], string> = {
  design: 'Opened',
  keras: 'Imported the Keras model',
  onnx: 'Imported the ONNX model',
  pytorch: 'Imported the PyTorch weights',
};

/** Opens an already loaded file as a new variant (see openDesignText). */
function openLoaded(loaded: LoadedFile, fileName: string): string | null {
  const s = useAppStore.getState();
  if (!loaded.ok) {
    s.notify('error', `Could not open “${fileName}”: ${withoutFilePrefix(loaded.error, fileName)}`);
    return null;
  }
  let design = loaded.design;
  if (loaded.source !== 'design' || needsLayout(design)) design = layoutImported(design);
  const name = design.name && design.name !== 'Untitled' ? design.name : fileStem(fileName);
  // The new variant starts empty and the import is its first edit: Ctrl+Z undoes the import
  // (leaving the empty variant), Ctrl+Shift+Z / Ctrl+Y brings it back.
  const id = s.createVariant(emptyDesign(design.name || name), name);
  useAppStore.getState().replaceDesign(design, 'Import');
  s.requestCanvas({ type: 'fit' });
  const variant = selectVariant(useAppStore.getState(), id);
  const what = IMPORTED[loaded.source];
  let withWeights = '';
  if (loaded.weights && loaded.weights.length > 0) {
    const count = loaded.weights.reduce((n, w) => n + w.values.length, 0);
    saveVariantWeights(id, weightsBlob(loaded.weights)).catch((err: unknown) =>
      useAppStore.getState().notify('error', `Could not save the weights of “${fileName}”: ${errorMessage(err)}`),
    );
    withWeights = ` with its ${count.toLocaleString('en-US')} weights; training starts from them`;
  }
  s.notify('success', `${what} “${fileName}” as variant “${variant?.name ?? name}” (${design.blocks.length} blocks)${withWeights}.`);
  if (loaded.warnings.length > 0) {
    const more = loaded.warnings.length > 1 ? ` (+${loaded.warnings.length - 1} more)` : '';
    s.notify('info', `${fileName}: ${loaded.warnings[0]}${more}`);
  }
  return id;
}

/** Reads a File (from the file input or a drop) and opens it; size and read errors become notices. */
export async function openDesignFile(file: File): Promise<string | null> {
  const { notify } = useAppStore.getState();
  if (/\.(onnx|safetensors)$/i.test(file.name)) return openOnnxFile(file);
  if (file.size > MAX_OPEN_BYTES) {
    notify(
      'error',
      `Could not open “${file.name}”: the file is ${(file.size / 1048576).toFixed(1)} MiB; design and model.json files are far smaller (limit ${MAX_OPEN_BYTES / 1048576} MiB). Weight files (.bin) are not opened here.`,
    );
    return null;
  }
  let text: string;
  try {
    text = await file.text();
  } catch (err) {
    notify('error', `Could not read “${file.name}”: ${errorMessage(err)}`);
    return null;
  }
  return openDesignText(text, file.name);
}

/** Reads an .onnx (or a Sora .safetensors) file as bytes and imports it with its weights (importers load on demand). */
async function openOnnxFile(file: File): Promise<string | null> {
  const { notify } = useAppStore.getState();
  if (file.size > MAX_OPEN_ONNX_BYTES) {
    notify(
      'error',
      `Could not open “${file.name}”: the file is ${(file.size / 1048576).toFixed(1)} MiB (limit ${MAX_OPEN_ONNX_BYTES / 1048576} MiB for .onnx and .safetensors files).`,
    );
    return null;
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch (err) {
    notify('error', `Could not read “${file.name}”: ${errorMessage(err)}`);
    return null;
  }
  let loaded: LoadedFile;
  try {
    loaded = await loadDesignOrModelBytes(bytes, file.name);
  } catch (err) {
    return openGuarded(file.name, () => {
      throw err;
    });
  }
  return openGuarded(file.name, () => openLoaded(loaded, file.name));
}
