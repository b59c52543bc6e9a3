import { useEffect, useState } from 'react';
import { getBlockDef } from '../../core/blocks/registry';
import type { BlockNode, Design, ParamValue } from '../../core/graph/types';
import { useAppStore } from '../../state/store';
import { checkBlockName, renameBlock, setParam } from '../canvas/design-ops';
import { formatShape } from '../summary/format';
import { useAnalysis } from '../summary/use-analysis';
import { BlockStatsView } from './BlockStatsView';
import { ParamField } from './ParamField';

function NameField({ block, design }: { block: BlockNode; design: Design }) {
  const updateDesign = useAppStore((s) => s.updateDesign);
  const [text, setText] = useState(block.name);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setText(block.name);
    setError(null);
  }, [block.name]);
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
          const name = e.target.value;
          setText(name);
          const msg = checkBlockName(design, block.id, name);
          setError(msg);
          if (!msg) updateDesign((d) => renameBlock(d, block.id, name), { coalesceKey: `name:${block.id}`, label: 'Rename' });
        }}
      />
      {error && (
        <div id="inspector-name-error" className="field__error" role="alert" data-testid="inspector-error-name">
          {error}
        </div>
      )}
    </div>
  );
}

/** Right panel: parameters and statistics of the selected block (or a hint when none is selected). */
export function Inspector() {
  const { design, analysis } = useAnalysis();
  const selectedBlockIds = useAppStore((s) => s.selectedBlockIds);
  const selectedEdgeIds = useAppStore((s) => s.selectedEdgeIds);
  const updateDesign = useAppStore((s) => s.updateDesign);
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
          <p className="hint">Select a block to edit its parameters. Drag blocks from the palette; connect an output handle (bottom) to an input handle (top).</p>
        )}
      </aside>
    );
  }

  const def = getBlockDef(block.kind);
  const commit = (key: string, value: ParamValue) =>
    updateDesign((d) => setParam(d, block.id, key, value), { coalesceKey: `param:${block.id}:${key}`, label: `Set ${key}` });

  return (
    <aside className="inspector" aria-label="Inspector" data-testid="inspector">
      <h2 className="panel-title">
        {def.label} <span className="panel-title__sub">{def.category === 'sora' ? 'Sora block' : 'helper'}</span>
      </h2>
      <p className="inspector__desc">{def.description}</p>
      <form className="inspector__form" onSubmit={(e) => e.preventDefault()} aria-label={`Parameters of ${block.name}`} key={block.id}>
        <NameField block={block} design={design} />
        {def.fields.map((f) => (
          <ParamField key={f.key} field={f} value={block.params[f.key]} onCommit={(v) => commit(f.key, v)} />
        ))}
      </form>
      <BlockStatsView stats={analysis.byId[block.id] ?? null} issues={analysis.issues.filter((i) => i.blockId === block.id)} />
    </aside>
  );
}
