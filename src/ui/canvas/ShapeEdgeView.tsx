import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import type { ShapeFlowEdge } from './flow-mapping';

/** An edge labelled with the tensor shape it carries; red with the core's message when at fault. */
export function ShapeEdgeView(props: EdgeProps<ShapeFlowEdge>) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, selected, markerEnd } = props;
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const errors = data?.errors ?? [];
  const label = data ? `${data.shapeLabel}${data.toMerge ? ` → #${data.targetIndex + 1}` : ''}` : '';
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        markerEnd={markerEnd}
        className={`shape-edge${errors.length ? ' shape-edge--error' : ''}${selected ? ' shape-edge--selected' : ''}`}
      />
      <EdgeLabelRenderer>
        <div
          className={`edge-label${errors.length ? ' edge-label--error' : ''}${selected ? ' edge-label--selected' : ''}`}
          style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
          title={errors.length ? errors.join('\n') : `Tensor shape ${data?.shapeLabel ?? ''}`}
          data-testid={`edge-label-${id}`}
        >
          {label}
        </div>
      </EdgeLabelRenderer>
    </>
  );
}
