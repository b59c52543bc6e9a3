import { useEffect, useId, useRef, useState } from 'react';
import type { FieldSpec } from '../../core/blocks/block-def';
import type { ParamValue } from '../../core/graph/types';
import { parseFieldText, valueTexts } from './parse-field';

interface Props {
  field: FieldSpec;
  value: ParamValue | undefined;
  /** Called only with values the core accepts. */
  onCommit(value: ParamValue): void;
}

/**
 * One parameter input generated from its FieldSpec. Invalid text stays in the input, marked
 * aria-invalid with the reason below it, and is never written to the design.
 */
export function ParamField({ field, value, onCommit }: Props) {
  const id = useId();
  const stored = valueTexts(field, value).join('\u0000');
  const [texts, setTexts] = useState<string[]>(() => valueTexts(field, value));
  const [error, setError] = useState<string | null>(null);
  const textsRef = useRef(texts);
  textsRef.current = texts;

  // External changes (undo/redo, file open) replace what is shown, unless the typed text already
  // means the stored value (e.g. "1." while typing "1.5").
  useEffect(() => {
    const typed = parseFieldText(field, textsRef.current);
    if (typed.ok && valueTexts(field, typed.value).join('\u0000') === stored) return;
    setTexts(stored.split('\u0000'));
    setError(null);
  }, [stored, field]);

  const errorId = `${id}-error`;
  const helpText = field.help;
  const label = (
    <label htmlFor={field.type === 'pair' ? `${id}-0` : id} className="field__label">
      {field.label}
      {'unit' in field && field.unit ? <span className="field__unit"> ({field.unit})</span> : null}
    </label>
  );

  if (field.type === 'enum') {
    return (
      <div className="field" title={helpText}>
        {label}
        <select
          id={id}
          value={String(value ?? field.default)}
          onChange={(e) => onCommit(e.target.value)}
          data-testid={`inspector-field-${field.key}`}
        >
          {field.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </div>
    );
  }

  if (field.type === 'bool') {
    return (
      <div className="field field--bool" title={helpText}>
        <input
          id={id}
          type="checkbox"
          checked={Boolean(value ?? field.default)}
          onChange={(e) => onCommit(e.target.checked)}
          data-testid={`inspector-field-${field.key}`}
        />
        <label htmlFor={id} className="field__label">
          {field.label}
        </label>
      </div>
    );
  }

  const onText = (index: number, text: string) => {
    const next = [...texts];
    next[index] = text;
    setTexts(next);
    const r = parseFieldText(field, next);
    if (r.ok) {
      setError(null);
      onCommit(r.value);
    } else {
      setError(r.message);
    }
  };

  const rangeId = `${id}-range`;
  const common = {
    type: 'text',
    inputMode: field.type === 'float' ? ('decimal' as const) : ('numeric' as const),
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? `${errorId} ${rangeId}` : rangeId,
    autoComplete: 'off',
    spellCheck: false,
  };
  const range = `${field.min} – ${field.max}${field.type === 'float' && field.maxExclusive ? ' (exclusive)' : ''}`;

  return (
    <div className={`field${error ? ' field--invalid' : ''}`} title={helpText ? `${helpText} Range ${range}.` : `Range ${range}.`}>
      <div className="field__label-cell">
        {label}
        <span id={rangeId} className="field__range" data-testid={`inspector-range-${field.key}`}>
          {range}
        </span>
      </div>
      {field.type === 'pair' ? (
        <div className="field__pair" data-testid={`inspector-field-${field.key}`}>
          {[0, 1].map((i) => (
            <input
              key={i}
              id={`${id}-${i}`}
              {...common}
              aria-label={`${field.label} ${i === 0 ? 'height' : 'width'}`}
              value={texts[i] ?? ''}
              onChange={(e) => onText(i, e.target.value)}
              data-testid={`inspector-field-${field.key}-${i === 0 ? 'h' : 'w'}`}
            />
          ))}
        </div>
      ) : (
        <input id={id} {...common} value={texts[0] ?? ''} onChange={(e) => onText(0, e.target.value)} data-testid={`inspector-field-${field.key}`} />
      )}
      {error && (
        <div id={errorId} className="field__error" role="alert" data-testid={`inspector-error-${field.key}`}>
          {error}
        </div>
      )}
    </div>
  );
}
