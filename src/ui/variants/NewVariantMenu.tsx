import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { Design } from '../../core/graph/types';
import { TEMPLATES } from '../../core/templates';
import { useAppStore } from '../../state/store';

interface Item {
  key: string;
  label: string;
  description: string;
  run(): void;
}

/** "New" button with a menu: a blank design or one of the templates. Arrow keys move, Escape closes. */
export function NewVariantMenu() {
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const itemRefs = useRef<(HTMLButtonElement | null)[]>([]);

  const create = (design?: Design, name?: string) => {
    const s = useAppStore.getState();
    s.createVariant(design, name);
    s.requestCanvas({ type: 'fit' });
    setOpen(false);
    buttonRef.current?.focus();
  };

  const items: Item[] = [
    { key: 'blank', label: 'Blank design', description: 'An empty canvas', run: () => create() },
    ...TEMPLATES.map((t) => ({
      key: t.id,
      label: t.name,
      description: t.description,
      run: () => create(t.build(), t.name),
    })),
  ];

  useEffect(() => {
    if (!open) return;
    itemRefs.current[0]?.focus();
    const onPointer = (e: PointerEvent) => {
      if (rootRef.current && !rootRef.current.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener('pointerdown', onPointer);
    return () => window.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const onMenuKey = (e: KeyboardEvent) => {
    const focused = itemRefs.current.findIndex((el) => el === document.activeElement);
    const move = (to: number) => itemRefs.current[(to + items.length) % items.length]?.focus();
    if (e.key === 'ArrowDown') move(focused + 1);
    else if (e.key === 'ArrowUp') move(focused - 1);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(items.length - 1);
    else if (e.key === 'Escape' || e.key === 'Tab') {
      setOpen(false);
      if (e.key === 'Escape') buttonRef.current?.focus();
      return;
    } else return;
    e.preventDefault();
  };

  return (
    <div className="new-variant" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="is-primary"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpen((o) => !o)}
        data-testid="new-variant"
      >
        + New ▾
      </button>
      {open && (
        <div id={menuId} role="menu" aria-label="New variant" className="new-variant__menu" onKeyDown={onMenuKey}>
          {items.map((item, i) => (
            <button
              key={item.key}
              ref={(el) => {
                itemRefs.current[i] = el;
              }}
              type="button"
              role="menuitem"
              tabIndex={-1}
              title={item.description}
              className="new-variant__item"
              onClick={item.run}
            >
              <span className="new-variant__label">{item.label}</span>
              <span className="new-variant__desc">{item.description}</span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
