import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { getBlockDef } from '../../core/blocks/registry';
import type { BlockFlowNode } from './flow-mapping';
import { formatCompact, formatShape } from '../summary/format';

/** One block on the canvas: name, kind, output shape, parameter count and MACs; red when at fault. */
function BlockNodeViewImpl({ id, data, selected }: NodeProps<BlockFlowNode>) {
  const { name, kind, stats, issues, inputCount } = data;
  const def = getBlockDef(kind);
  const errors = issues.filter((i) => i.severity === 'error');
  const warnings = issues.filter((i) => i.severity === 'warning');
  const title = issues.map((i) => `${i.severity === 'error' ? 'Error' : 'Warning'}: ${i.message}`).join('\n');
  const classes = [
    'block-node',
    `block-node--${def.category}`,
    `block-node--kind-${kind}`,
    errors.length > 0 ? 'block-node--error' : warnings.length > 0 ? 'block-node--warning' : '',
    selected ? 'block-node--selected' : '',
  ].join(' ');
  const isMerge = def.inputs.max > 1;
  return (
    <div
      className={classes}
      data-testid={`node-${name}`}
      data-block-id={id}
      title={title || def.description}
      aria-label={`${def.label} block ${name}${errors.length ? `, error: ${errors[0].message}` : ''}`}
    >
      {def.inputs.max > 0 && (
        <Handle
          type="target"
          position={Position.Top}
          id="in"
          className={isMerge ? 'handle handle--merge' : 'handle'}
          data-testid={`handle-in-${name}`}
          aria-label={`Input of ${name}${isMerge ? ` (${inputCount} connected)` : ''}`}
        />
      )}
      <div className="block-node__name" title={name}>
        {name}
      </div>
      <div className="block-node__row">
        <span className="block-node__kind">{def.label}</span>
        <span className="block-node__shape" data-testid={`node-shape-${name}`}>
          {stats?.outputShape ? formatShape(stats.outputShape) : '—'}
        </span>
      </div>
      <div className="block-node__row block-node__cost">
        <span title={stats?.cost ? `${stats.cost.params.toLocaleString('en-US')} parameters` : undefined}>
          {stats?.cost ? formatCompact(stats.cost.params) : '—'} params
        </span>
        <span title={stats?.cost ? `${stats.cost.macs.toLocaleString('en-US')} MACs` : undefined}>
          {stats?.cost ? formatCompact(stats.cost.macs) : '—'} MACs
        </span>
      </div>
      {isMerge && <div className="block-node__inputs">{inputCount} input{inputCount === 1 ? '' : 's'} (in connection order)</div>}
      {errors.length > 0 && <div className="block-node__error">{errors[0].message}</div>}
      {kind !== 'output' && (
        <Handle
          type="source"
          position={Position.Bottom}
          id="out"
          className="handle"
          data-testid={`handle-out-${name}`}
          aria-label={`Output of ${name}`}
        />
      )}
    </div>
  );
}

export const BlockNodeView = memo(BlockNodeViewImpl);
