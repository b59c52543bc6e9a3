import { useEffect, useId, useRef } from 'react';

/** Shows a share link to copy by hand when the clipboard is not available. */
export function ShareLinkDialog({ url, onClose }: { url: string | null; onClose(): void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (url && !dialog.open) {
      dialog.showModal();
      inputRef.current?.select();
    } else if (!url && dialog.open) dialog.close();
  }, [url]);

  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <div className="confirm-dialog__body">
        <h2 id={titleId} className="confirm-dialog__title">
          Share link
        </h2>
        <p>The clipboard is not available here. Copy this link (Ctrl+C) — it contains the whole design.</p>
        <input
          ref={inputRef}
          className="share-dialog__url"
          readOnly
          value={url ?? ''}
          aria-label="Share link"
          data-testid="share-link-url"
          onFocus={(e) => e.currentTarget.select()}
        />
        <div className="confirm-dialog__actions">
          <button type="button" className="is-primary" onClick={onClose}>
            Done
          </button>
        </div>
      </div>
    </dialog>
  );
}
