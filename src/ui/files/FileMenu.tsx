import { useCallback, useEffect, useRef, useState } from 'react';
import { serializeDesign } from '../../core/io/design-file';
import { useAppStore } from '../../state/store';
import { downloadData, MIME } from '../export/download-bytes';
import { designFileName } from './file-names';
import { openDesignFile } from './open-file';
import { buildShareLink, consumeShareHash } from './share-link';
import { ShareLinkDialog } from './ShareLinkDialog';
import { useFileDrop } from './use-file-drop';
import './files.css';
import { selectActiveVariant } from '../../state/selectors';

/**
 * Open… (a .sora.json design or a Keras/tfjs model.json, also by dropping it on the page),
 * Save design (downloads <name>.sora.json) and Copy share link. Opened files become new variants.
 */
export function FileMenu() {
  const inputRef = useRef<HTMLInputElement>(null);
  const [manualLink, setManualLink] = useState<string | null>(null);
  const onFile = useCallback((file: File) => void openDesignFile(file), []);
  const dragging = useFileDrop(onFile);

  useEffect(() => {
    // A share link pasted into the address bar of an already open app.
    const onHash = () => consumeShareHash();
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const save = () => {
    const s = useAppStore.getState();
    const variant = selectActiveVariant(s);
    if (!variant) return;
    const fileName = designFileName(variant.name);
    downloadData(fileName, serializeDesign({ ...variant.design, name: variant.name }), MIME.json);
    s.notify('success', `Saved “${fileName}”.`);
  };

  const share = async () => {
    const link = buildShareLink();
    if (!link) return;
    const { notify } = useAppStore.getState();
    try {
      await navigator.clipboard.writeText(link.url);
      notify('success', `Share link for “${link.name}” copied (${link.url.length.toLocaleString('en-US')} characters).`);
    } catch {
      setManualLink(link.url);
    }
  };

  return (
    <div className="file-menu" role="group" aria-label="File">
      <button
        type="button"
        onClick={() => inputRef.current?.click()}
        title="Open a .sora.json design, a Keras / tfjs model.json or a PyTorch .onnx export, a Sora PyTorch weights.safetensors (or drop it on the page)"
      >
        Open…
      </button>
      <input
        ref={inputRef}
        type="file"
        accept=".json,application/json,.onnx,.safetensors"
        multiple
        hidden
        data-testid="open-file-input"
        aria-label="Open design or model file"
        onChange={(e) => {
          for (const file of Array.from(e.currentTarget.files ?? [])) onFile(file);
          e.currentTarget.value = '';
        }}
      />
      <button type="button" onClick={save} title="Download the active variant as <name>.sora.json">
        Save design
      </button>
      <button type="button" onClick={() => void share()} title="Copy a link that opens this design (the design travels in the link)">
        Copy share link
      </button>
      <ShareLinkDialog url={manualLink} onClose={() => setManualLink(null)} />
      {dragging && (
        <div className="file-drop-hint" data-testid="file-drop-hint" aria-hidden="true">
          Drop a design (.sora.json) or a Keras / tfjs model.json to open it as a new variant
        </div>
      )}
    </div>
  );
}
