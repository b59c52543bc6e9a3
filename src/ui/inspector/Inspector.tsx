import { memo, useCallback, useEffect, useState } from 'react';
import type { FieldSpec } from '../../core/blocks/block-def';
import { getBlockDef } from '../../core/blocks/registry';
import type { ParamValue } from '../../core/graph/types';
import { useAppStore } from '../../state/store';
import { renameBlock, setParam } from '../../core/graph/edits';
import { formatShape } from '../summary/format';
import { useAnalysis } from '../summary/use-analysis';
import { BlockStatsView } from './BlockStatsView';
import { ParamField } from './ParamField';

/** The selected block's name; memoised (it reads the design only when the name is typed). */
const NameField = memo(function NameField({ blockId, name }: { blockId: string; name: string }) {
  const [text, setText] = useState(name);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setText(name);
    setError(null);
  }, [name]);
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label htmlFor="inspector-name" className="field__label">
        Name
      </label>
      <input
        id="inspector-name"
        type="text"
        value={text}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'inspector-name-error' : undefined}
        data-testid="inspector-field-name"
        onChange={(e) => {
          const next = e.target.value;
          setText(next);
          const renamed = useAppStore
            .getState()
            .applyEdit((d) => renameBlock(d, { blockId, name: next }), { coalesceKey: `name:${blockId}`, label: 'Rename' });
          if (renamed) setError(renamed.ok ? null : renamed.reason);
        }}
      />
      {error && (
        <div id="inspector-name-error" className="field__error" role="alert" data-testid="inspector-error-name">
          {error}
        </div>
      )}
    </div>
  );
});

/** One parameter of the selected block; memoised with a stable commit, so typing re-renders the edited field only. */
interface BlockParamFieldProps {
  blockId: string;
  field: FieldSpec;
  value: ParamValue | undefined;
}

const BlockParamField = memo(function BlockParamField({ blockId, field, value }: BlockParamFieldProps) {
  const commit = useCallback(
    (v: ParamValue) =>
      useAppStore.getState().applyEdit((d) => setParam(d, { blockId, key: field.key, value: v }), {
        coalesceKey: `param:${blockId}:${field.key}`,
        label: `Set ${field.key}`,
      }),
    [blockId, field.key],
  );
  return <ParamField field={field} value={value} onCommit={commit} />;
});

/** Right panel: parameters and statistics of the selected block (or a hint when none is selected). */
export function Inspector() {
  const { design, analysis } = useAnalysis();
  const selectedBlockIds = useAppStore((s) => s.selectedBlockIds);
  const selectedEdgeIds = useAppStore((s) => s.selectedEdgeIds);
  const block = selectedBlockIds.length === 1 ? design.blocks.find((b) => b.id === selectedBlockIds[0]) : undefined;

  if (!block) {
    const edge = selectedBlockIds.length === 0 && selectedEdgeIds.length === 1 ? design.edges.find((e) => e.id === selectedEdgeIds[0]) : undefined;
    const byId = new Map(design.blocks.map((b) => [b.id, b.name] as const));
    return (
      <aside className="inspector" aria-label="Inspector" data-testid="inspector">
        <h2 className="panel-title">Inspector</h2>
        {selectedBlockIds.length > 1 ? (
          <p className="hint">{selectedBlockIds.length} blocks selected. Delete, copy (Ctrl+C) or duplicate (Ctrl+D) them.</p>
        ) : edge ? (
          <p className="hint">
            Connection {byId.get(edge.source)} → {byId.get(edge.target)} (input #{edge.targetIndex + 1}), carrying{' '}
            {formatShape(analysis.byId[edge.source]?.outputShape)}.
          </p>
        ) : (
          <p className="hint">
            Select a block to edit its parameters. Drag blocks from the palette; connect an output handle (bottom) to an input handle (top).
          </p>
        )}
      </aside>
    );
  }

  const def = getBlockDef(block.kind);

  return (
    <aside className="inspector" aria-label="Inspector" data-testid="inspector">
      <h2 className="panel-title">
        {def.label} <span className="panel-title__sub">{def.category === 'sora' ? 'Sora block' : 'helper'}</span>
      </h2>
      <p className="inspector__desc">{def.description}</p>
      <form className="inspector__form" onSubmit={(e) => e.preventDefault()} aria-label={`Parameters of ${block.name}`} key={block.id}>
        <NameField blockId={block.id} name={block.name} />
        {def.fields.map((f) => (
          <BlockParamField key={f.key} blockId={block.id} field={f} value={block.params[f.key]} />
        ))}
      </form>
      <BlockStatsView stats={analysis.byId[block.id] ?? null} issues={analysis.issues.filter((i) => i.blockId === block.id)} />
    </aside>
  );
}
