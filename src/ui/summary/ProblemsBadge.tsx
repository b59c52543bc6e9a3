import { useEffect, useRef, useState } from 'react';
import type { GraphIssue } from '../../core/graph/analysis-types';
import { useAppStore } from '../../state/store';

function selectAtFault(issue: GraphIssue): void {
  const s = useAppStore.getState();
  if (issue.blockId) {
    s.setSelection([issue.blockId], issue.edgeId ? [issue.edgeId] : []);
    s.requestCanvas({ type: 'center', blockId: issue.blockId });
  } else if (issue.edgeId) {
    s.setSelection([], [issue.edgeId]);
  }
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Validity of the design in the summary bar. Invalid: an "invalid: N problems" button opening the
 * list of the core's messages; choosing one selects (and centres) the block at fault.
 */
export function ProblemsBadge({ issues, empty }: { issues: GraphIssue[]; empty: boolean }) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const errors = issues.filter((i) => i.severity === 'error');
  const warnings = issues.filter((i) => i.severity === 'warning');

  useEffect(() => {
    if (!open) return;
    const close = (e: Event) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('pointerdown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);
  useEffect(() => {
    if (errors.length === 0 && warnings.length === 0) setOpen(false);
  }, [errors.length, warnings.length]);

  const warnText = warnings.length > 0 ? <span className="summary__warn"> · {plural(warnings.length, 'warning')}</span> : null;
  if (empty || errors.length === 0) {
    const valid = !empty;
    return (
      <div className="summary__problems" ref={root}>
        <div className={`summary__validity ${valid ? 'is-valid' : 'is-invalid'}`} data-testid="summary-validity" role="status">
          {empty ? 'Empty' : 'Valid'}
        </div>
        {warnings.length > 0 && (
          <button type="button" className="summary__problems-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
            {warnText}
          </button>
        )}
        {open && <ProblemList issues={warnings} onPick={() => setOpen(false)} />}
      </div>
    );
  }
  return (
    <div className="summary__problems" ref={root}>
      <button
        type="button"
        className="summary__validity is-invalid summary__problems-toggle"
        data-testid="summary-validity"
        aria-expanded={open}
        aria-haspopup="true"
        aria-label={`Design invalid: ${plural(errors.length, 'problem')}. Show the list`}
        onClick={() => setOpen(!open)}
      >
        invalid: {plural(errors.length, 'problem')}
        {warnText}
      </button>
      {open && <ProblemList issues={[...errors, ...warnings]} onPick={() => setOpen(false)} />}
    </div>
  );
}

function ProblemList({ issues, onPick }: { issues: GraphIssue[]; onPick(): void }) {
  return (
    <ul className="summary__problem-list" data-testid="summary-problems" aria-label="Problems in the design">
      {issues.map((issue, i) => (
        <li key={`${issue.code}:${issue.blockId ?? ''}:${issue.edgeId ?? ''}:${i}`}>
          <button
            type="button"
            className={`issue issue--${issue.severity}`}
            disabled={!issue.blockId && !issue.edgeId}
            onClick={() => {
              selectAtFault(issue);
              onPick();
            }}
          >
            {issue.message}
          </button>
        </li>
      ))}
    </ul>
  );
}
