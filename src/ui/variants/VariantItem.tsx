import { memo, useEffect, useRef, useState } from 'react';
import type { Variant } from '../../state/types';
import { ForkIcon, PencilIcon, TrashIcon } from './icons';
import { summarizeDesign } from './variant-summary';

/** Handlers take the variant, so the list can pass the same functions to every row (keeps the rows memoised). */
export interface VariantItemProps {
  variant: Variant;
  active: boolean;
  canDelete: boolean;
  onActivate(variant: Variant): void;
  onRename(variant: Variant, name: string): void;
  onFork(variant: Variant): void;
  onDelete(variant: Variant): void;
}

/**
 * One row of the variants list: click to edit it; inline rename (Enter saves, Escape cancels), fork, delete.
 * Memoised: an edit to the active design re-renders its row only.
 */
export const VariantItem = memo(function VariantItem({ variant, active, canDelete, onActivate, onRename, onFork, onDelete }: VariantItemProps) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(variant.name);
  const inputRef = useRef<HTMLInputElement>(null);
  const renameButtonRef = useRef<HTMLButtonElement>(null);
  const summary = summarizeDesign(variant.design);

  useEffect(() => {
    if (editing) inputRef.current?.select();
  }, [editing]);

  const startEditing = () => {
    setDraft(variant.name);
    setEditing(true);
  };
  const finish = (save: boolean) => {
    if (save && draft.trim()) onRename(variant, draft);
    setEditing(false);
    renameButtonRef.current?.focus();
  };

  return (
    <li
      className={`variant-item${active ? ' is-active' : ''}`}
      data-testid="variant-item"
      data-variant-id={variant.id}
      data-active={active ? 'true' : 'false'}
    >
      {editing ? (
        <input
          ref={inputRef}
          className="variant-item__input"
          aria-label={`New name for ${variant.name}`}
          data-testid="variant-name-input"
          value={draft}
          maxLength={120}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') finish(true);
            else if (e.key === 'Escape') finish(false);
          }}
          onBlur={() => {
            if (editing) finish(true);
          }}
        />
      ) : (
        <button
          type="button"
          className="variant-item__main"
          aria-current={active ? 'true' : undefined}
          title={summary.detail}
          onClick={() => onActivate(variant)}
          onDoubleClick={startEditing}
        >
          <span className="variant-item__name" data-testid="variant-name">
            {variant.name}
          </span>
          <span className={`variant-item__stats${summary.valid ? '' : ' is-invalid'}`} data-testid="variant-stats">
            {summary.short}
          </span>
        </button>
      )}
      <div className="variant-item__actions">
        <button
          ref={renameButtonRef}
          type="button"
          className="icon-button"
          aria-label={`Rename ${variant.name}`}
          title="Rename"
          onClick={startEditing}
          disabled={editing}
        >
          <PencilIcon />
        </button>
        <button type="button" className="icon-button" aria-label={`Fork ${variant.name}`} title="Fork (duplicate)" onClick={() => onFork(variant)}>
          <ForkIcon />
        </button>
        <button
          type="button"
          className="icon-button is-danger"
          aria-label={`Delete ${variant.name}`}
          title={canDelete ? 'Delete' : 'The last variant cannot be deleted'}
          onClick={() => onDelete(variant)}
          disabled={!canDelete}
        >
          <TrashIcon />
        </button>
      </div>
    </li>
  );
});
