import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { getBlockDef } from '../../core/blocks/registry';
import { useBlockView } from './block-view';
import type { BlockFlowNode } from './flow-mapping';
import { formatCompact, formatExact } from '../summary/format';
import { useBlockOverlay } from '../latency/use-overlay';

/**
 * One block on the canvas: name, kind, output shape, parameter count and MACs; red when at fault.
 * Its accessible name is on React Flow's node wrapper (node.ariaLabel, see toFlowNodes): a div without a
 * role may not carry aria-label, so the handles (plain divs, mouse targets) say what they are in a title.
 */
function BlockNodeViewImpl({ id, data, selected }: NodeProps<BlockFlowNode>) {
  const { name, kind, inputCount } = data;
  const { shape, params, macs, severity, firstError, issueText } = useBlockView(id);
  const def = getBlockDef(kind);
  const overlay = useBlockOverlay(id);
  const classes = [
    'block-node',
    `block-node--${def.category}`,
    `block-node--kind-${kind}`,
    severity ? `block-node--${severity}` : '',
    selected ? 'block-node--selected' : '',
  ].join(' ');
  const isMerge = def.inputs.max > 1;
  return (
    <div
      className={classes}
      data-testid={`node-${name}`}
      data-block-id={id}
      title={issueText || (overlay ? `${def.description}\n${overlay.title}` : def.description)}
      style={overlay ? { background: overlay.colour } : undefined}
      data-overlay={overlay ? overlay.colour : undefined}
    >
      {def.inputs.max > 0 && (
        <Handle
          type="target"
          position={Position.Top}
          id="in"
          className={isMerge ? 'handle handle--merge' : 'handle'}
          data-testid={`handle-in-${name}`}
          title={`Input of ${name}${isMerge ? ` (${inputCount} connected)` : ''}`}
        />
      )}
      <div className="block-node__name" title={name}>
        {name}
      </div>
      <div className="block-node__row">
        <span className="block-node__kind">{def.label}</span>
        <span className="block-node__shape" data-testid={`node-shape-${name}`}>
          {shape ?? '—'}
        </span>
      </div>
      <div className="block-node__row block-node__cost">
        <span title={params === null ? undefined : `${formatExact(params)} parameters`}>{params === null ? '—' : formatCompact(params)} params</span>
        <span title={macs === null ? undefined : `${formatExact(macs)} MACs`}>{macs === null ? '—' : formatCompact(macs)} MACs</span>
      </div>
      {isMerge && (
        <div className="block-node__inputs">
          {inputCount} input{inputCount === 1 ? '' : 's'} (in connection order)
        </div>
      )}
      {firstError !== null && <div className="block-node__error">{firstError}</div>}
      {kind !== 'output' && (
        <Handle type="source" position={Position.Bottom} id="out" className="handle" data-testid={`handle-out-${name}`} title={`Output of ${name}`} />
      )}
    </div>
  );
}

export const BlockNodeView = memo(BlockNodeViewImpl);
