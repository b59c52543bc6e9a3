import { useEffect, useRef, useState } from 'react';
import { markTrainingWork } from '../../state/slices/training-slice';

/** True while a mouse button / touch is held anywhere on the page (e.g. the user drags a block). */
export function usePointerHeld(): boolean {
  const [held, setHeld] = useState(false);
  useEffect(() => {
    const down = () => setHeld(true);
    const up = () => setHeld(false);
    window.addEventListener('pointerdown', down, true);
    window.addEventListener('pointerup', up, true);
    window.addEventListener('pointercancel', up, true);
    window.addEventListener('blur', up);
    return () => {
      window.removeEventListener('pointerdown', down, true);
      window.removeEventListener('pointerup', up, true);
      window.removeEventListener('pointercancel', up, true);
      window.removeEventListener('blur', up);
    };
  }, []);
  return held;
}

/**
 * The latest value for expensive views (the live charts): it changes at most once per `ms` and not at all
 * while `frozen` (the user is dragging), so redraws never compete with direct manipulation. The last value
 * always shows up eventually.
 */
export function useLiveValue<T>(value: T, ms: number, frozen: boolean): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    if (frozen) return;
    const show = () => {
      markTrainingWork('charts');
      last.current = Date.now();
      setShown(value);
    };
    const wait = last.current + ms - Date.now();
    if (wait <= 0) {
      show();
      return;
    }
    const t = setTimeout(show, wait);
    return () => clearTimeout(t);
  }, [value, ms, frozen]);
  return shown;
}
