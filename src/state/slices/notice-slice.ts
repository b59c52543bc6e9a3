import type { StateCreator } from 'zustand';
import type { Notice, NoticeSlice } from '../types';

/** How many notices stay on screen at once (oldest dropped first). */
export const MAX_NOTICES = 5;

let noticeCounter = 0;

/**
 * Dismissible user messages. Identical text already on screen is not repeated: the old copy moves
 * to the end so a repeated refusal (e.g. the same invalid connection) does not flood the toast area.
 */
export const createNoticeSlice: StateCreator<NoticeSlice, [], [], NoticeSlice> = (set) => ({
  notices: [],
  notify(kind, text) {
    noticeCounter += 1;
    const notice: Notice = { id: `notice-${noticeCounter}`, kind, text };
    set((s) => {
      const others = s.notices.filter((n) => !(n.kind === kind && n.text === text));
      return { notices: [...others, notice].slice(-MAX_NOTICES) };
    });
  },
  dismissNotice(id) {
    set((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
  },
});
