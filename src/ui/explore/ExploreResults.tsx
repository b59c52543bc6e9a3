import type { SearchCandidate, SearchRecord } from '../../state/explore/search-record';
import { useAppStore } from '../../state/store';
import { formatCompact } from '../summary/format';

const pct = (v: number | undefined) => (v === undefined ? '—' : `${(v * 100).toFixed(2)}%`);

/** "rung 2 of 4, 7.5 s" style fate of a candidate (rungs counted from 1 for people). */
export function fateText(c: SearchCandidate, rungs: number): string {
  const at = c.rung >= 0 ? `rung ${c.rung + 1} of ${rungs}, ${c.budgetSeconds.toFixed(1)} s` : '';
  switch (c.status) {
    case 'pending':
      return c.rung >= 0 ? `waiting (${at})` : 'waiting';
    case 'training':
      return `training (${at})`;
    case 'final':
      return `final (${at})`;
    case 'dropped':
      return `dropped after ${at}${c.message ? ` (${c.message})` : ''}`;
    case 'failed':
      return `failed at ${at}: ${c.message ?? ''}`;
    case 'skipped':
      return `not trained (${c.message ?? 'over the budget'})`;
  }
}

/** One search: status, progress through the rounds, and every candidate with its costs, accuracy and fate. */
export function ExploreResults({ search, onOpen }: { search: SearchRecord; onOpen(variantId: string): void }) {
  const variants = useAppStore((s) => s.variants);
  const rungs = search.plan.rungs.length;
  const trained = search.candidates.reduce((n, c) => n + c.runIds.length, 0);
  const total = search.plan.rungs.reduce((n, r) => n + r.candidates, 0);
  const pareto = new Set(search.pareto ?? []);
  return (
    <section className="tp-card" aria-label="Search results" data-testid="explore-results" data-search={search.id}>
      <div className="tp-row">
        <h3>Search around “{search.baseName}”</h3>
        <span className={`tp-status tp-status-${search.status === 'finished' ? 'completed' : search.status}`} data-testid="explore-status">
          {search.status}
        </span>
        <span className="tp-muted" data-testid="explore-progress" data-trained={trained} data-total={total}>
          {trained} of {total} trainings · budget {Math.round(search.budgetSeconds)} s
        </span>
      </div>
      {search.error && <p className="tp-hint">{search.error}</p>}
      {search.best && (
        <p>
          Best: <b data-testid="explore-best">{search.best}</b>
          {search.pareto && search.pareto.length > 0 && <span className="tp-muted"> · Pareto front: {search.pareto.join(' · ')}</span>}
        </p>
      )}
      <table className="tp-runs ex-table">
        <thead>
          <tr>
            <th>Candidate</th>
            <th>Params</th>
            <th>MACs</th>
            <th>Val. acc.</th>
            <th>Test acc.</th>
            <th>Fate</th>
            <th aria-label="Open" />
          </tr>
        </thead>
        <tbody>
          {search.candidates.map((c) => {
            const variant = c.variantId ? variants.find((v) => v.id === c.variantId) : undefined;
            return (
              <tr
                key={c.id}
                data-testid="explore-candidate"
                data-candidate={c.id}
                data-status={c.status}
                data-variant={variant?.id ?? ''}
                className={`${search.current === c.id ? 'is-current ' : ''}${pareto.has(c.name) ? 'is-front' : ''}`}
              >
                <td>{c.name}</td>
                <td>{formatCompact(c.params)}</td>
                <td>{formatCompact(c.macs)}</td>
                <td>{pct(c.accuracy)}</td>
                <td>{pct(c.testAccuracy)}</td>
                <td className={c.status === 'dropped' || c.status === 'skipped' ? 'tp-muted' : undefined}>{fateText(c, rungs)}</td>
                <td>
                  {variant && (
                    <button
                      type="button"
                      onClick={() => onOpen(variant.id)}
                      data-testid={`explore-open-${c.id}`}
                      title={`Open “${variant.name}” in the editor`}
                    >
                      Open
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
