import { DONE, type EditorAction } from './types';

export const autoLayoutAction: EditorAction = {
  id: 'auto-layout',
  label: 'Auto-layout',
  toolbar: { group: 'canvas', text: 'Auto-layout', title: 'Arrange blocks top to bottom', testId: 'auto-layout' },
  enabled: () => true,
  perform(s) {
    s.requestCanvas({ type: 'layout' });
    return DONE;
  },
};

export const fitViewAction: EditorAction = {
  id: 'fit-view',
  label: 'Fit view',
  toolbar: {
    group: 'canvas',
    text: 'Fit view',
    title: 'Fit the design in view, zoomed no further out than block names stay readable',
    testId: 'fit-view',
  },
  enabled: () => true,
  perform(s) {
    s.requestCanvas({ type: 'fit' });
    return DONE;
  },
};
