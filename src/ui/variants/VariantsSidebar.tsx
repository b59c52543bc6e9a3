import { useCallback, useState } from 'react';
import { useAppStore } from '../../state/store';
import type { Variant } from '../../state/types';
import { AutosaveIndicator } from './AutosaveIndicator';
import { ConfirmDialog } from './ConfirmDialog';
import { NewVariantMenu } from './NewVariantMenu';
import { VariantItem } from './VariantItem';
import './variants.css';

/**
 * The list of design variants. (Autosave and share links are started by bootstrap() in src/state/bootstrap.ts.)
 */
export function VariantsSidebar() {
  const variants = useAppStore((s) => s.variants);
  const activeId = useAppStore((s) => s.activeVariantId);
  const [pendingDelete, setPendingDelete] = useState<Variant | null>(null);

  const act = useAppStore.getState;
  const activate = useCallback((v: Variant) => act().setActiveVariant(v.id), [act]);
  const rename = useCallback((v: Variant, name: string) => act().renameVariant(v.id, name), [act]);
  const fork = useCallback((v: Variant) => void act().duplicateVariant(v.id), [act]);
  const confirmDelete = () => {
    if (pendingDelete) {
      act().deleteVariant(pendingDelete.id);
      act().notify('info', `Deleted “${pendingDelete.name}”.`);
    }
    setPendingDelete(null);
  };

  return (
    <section className="variants" aria-label="Variants" data-testid="variants-sidebar">
      <header className="variants__header">
        <h2 className="variants__title">Variants</h2>
        <AutosaveIndicator />
      </header>
      <NewVariantMenu />
      <ul className="variants__list" aria-label="Design variants">
        {variants.map((v) => (
          <VariantItem
            key={v.id}
            variant={v}
            active={v.id === activeId}
            canDelete={variants.length > 1}
            onActivate={activate}
            onRename={rename}
            onFork={fork}
            onDelete={setPendingDelete}
          />
        ))}
      </ul>
      <ConfirmDialog
        open={pendingDelete !== null}
        title="Delete variant?"
        message={pendingDelete ? `“${pendingDelete.name}” and its design will be deleted. This cannot be undone.` : ''}
        confirmLabel="Delete"
        danger
        onConfirm={confirmDelete}
        onCancel={() => setPendingDelete(null)}
      />
    </section>
  );
}
