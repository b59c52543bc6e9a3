/** Keyboard chords for editor actions: 'Mod+Shift+Z' where Mod is Ctrl (or Cmd on a Mac). */

const MODIFIER_ORDER = ['Mod', 'Shift'] as const;

function keyName(key: string): string {
  return key.length === 1 ? key.toUpperCase() : key;
}

/** The canonical form of a chord written in an action ('mod+z' → 'Mod+Z'); Alt is not supported. */
export function normalizeChord(chord: string): string {
  const parts = chord.split('+');
  const key = parts.pop() ?? '';
  const mods = new Set(parts.map((p) => p.toLowerCase()));
  for (const m of mods) {
    if (m !== 'mod' && m !== 'shift') throw new Error(`Unknown modifier '${m}' in key chord '${chord}'`);
  }
  return [...MODIFIER_ORDER.filter((m) => mods.has(m.toLowerCase())), keyName(key)].join('+');
}

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
}

/**
 * The chords a key press may mean, most specific first: with Shift, and then without it, so Shift+Delete
 * deletes and Ctrl+Shift+V pastes while Ctrl+Shift+Z can still mean something else than Ctrl+Z.
 */
export function chordsOf(e: KeyLike): string[] {
  const mod = e.ctrlKey || e.metaKey ? 'Mod+' : '';
  const key = keyName(e.key);
  return e.shiftKey ? [`${mod}Shift+${key}`, `${mod}${key}`] : [`${mod}${key}`];
}

/** True for a target the user types into: shortcuts are then left to the field. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (typeof HTMLElement === 'undefined' || !(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  return !['checkbox', 'radio', 'button', 'submit', 'range', 'color', 'file'].includes(type);
}
