import { useState } from 'react';
import type { Evaluation } from '../../worker/protocol';
import { ImageThumb } from './ImageThumb';

interface Props {
  evaluation: Evaluation;
  classNames: readonly string[];
  imageShape: readonly [number, number, number];
}

/** confusion[actual][predicted]; cells shaded by their share of the row; a click shows the images behind a cell. */
export function ConfusionMatrix({ evaluation, classNames, imageShape }: Props) {
  const [cell, setCell] = useState<[number, number] | null>(null);
  const m = evaluation.confusion;
  const name = (k: number) => classNames[k] ?? String(k);
  const examples = cell ? (evaluation.cellExamples[`${cell[0]},${cell[1]}`] ?? []) : [];
  return (
    <div className="tp-confusion-wrap">
      <table className="tp-confusion" data-testid="confusion-matrix">
        <thead>
          <tr>
            <th title="rows: actual class, columns: predicted class">act \ pred</th>
            {m.map((_, j) => (
              <th key={j} title={name(j)}>
                {name(j).slice(0, 4)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {m.map((row, i) => {
            const total = row.reduce((a, b) => a + b, 0) || 1;
            return (
              <tr key={i}>
                <th title={name(i)}>{name(i).slice(0, 6)}</th>
                {row.map((v, j) => {
                  const share = v / total;
                  // Strongest shades stop where the dark cell text still has 4.5:1 contrast (WCAG AA).
                  const color = i === j ? `rgba(31,157,85,${0.15 + 0.7 * share})` : `rgba(224,64,48,${v ? 0.12 + 0.63 * Math.min(1, share * 4) : 0})`;
                  const selected = cell?.[0] === i && cell?.[1] === j;
                  return (
                    <td key={j} style={{ background: color }} className={selected ? 'tp-selected' : undefined}>
                      <button
                        type="button"
                        data-testid={`confusion-cell-${i}-${j}`}
                        disabled={v === 0}
                        title={`${v} images of ${name(i)} predicted as ${name(j)}`}
                        onClick={() => setCell(selected ? null : [i, j])}
                      >
                        {v}
                      </button>
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
      {cell && (
        <div className="tp-cell-examples" data-testid="confusion-examples">
          <p>
            Actual <strong>{name(cell[0])}</strong>, predicted <strong>{name(cell[1])}</strong>: {m[cell[0]][cell[1]]} images
            {examples.length < m[cell[0]][cell[1]] ? ` (first ${examples.length} shown)` : ''}
          </p>
          <div className="tp-thumbs">
            {examples.map((e) => (
              <ImageThumb key={e.index} pixels={e.pixels} shape={imageShape} size={44} title={`test #${e.index}`} />
            ))}
          </div>
        </div>
      )}
    </div>
  );
}
