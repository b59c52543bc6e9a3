import { useEffect } from 'react';
import type { Notice } from '../../state/types';
import { useAppStore } from '../../state/store';

/** Info and success notices close by themselves after this long; errors stay until dismissed. */
const AUTO_DISMISS_MS = 6000;

function NoticeItem({ notice }: { notice: Notice }) {
  const dismiss = useAppStore((s) => s.dismissNotice);
  useEffect(() => {
    if (notice.kind === 'error') return;
    const t = window.setTimeout(() => dismiss(notice.id), AUTO_DISMISS_MS);
    return () => window.clearTimeout(t);
  }, [notice, dismiss]);
  return (
    <div className={`notice notice--${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid={`notice-${notice.kind}`}>
      <span className="notice__text">{notice.text}</span>
      <button type="button" className="notice__close" aria-label="Dismiss message" onClick={() => dismiss(notice.id)}>
        ×
      </button>
    </div>
  );
}

/** Toast area (bottom right of the canvas). */
export function Notices() {
  const notices = useAppStore((s) => s.notices);
  return (
    <div className="notices" aria-live="polite" data-testid="notices">
      {notices.map((n) => (
        <NoticeItem key={n.id} notice={n} />
      ))}
    </div>
  );
}
