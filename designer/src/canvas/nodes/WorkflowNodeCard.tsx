import { Handle, Position, type NodeProps } from '@xyflow/react';
import { AlertTriangle, CircleAlert } from 'lucide-react';
import { memo } from 'react';
import { KIND_VISUALS } from '../kindVisuals';
import { markText, type WorkflowFlowNode } from '../../model';

/**
 * One workflow node: its kind's icon and name, its label as text (never HTML), an entry on the
 * left and one exit per handle the engine names on the right, each labelled.
 */
function WorkflowNodeCardImpl({ data, selected, isConnectable }: NodeProps<WorkflowFlowNode>) {
  const { node, handles, acceptsInput, mark } = data;
  const problem = mark?.problem;
  const ProblemIcon = problem?.severity === 'error' ? CircleAlert : AlertTriangle;
  const { icon: Icon, label: kindLabel } = KIND_VISUALS[node.kind];
  // A single unlabelled exit sits on the node's edge; labelled exits get a row each.
  const plainExit = handles.length === 1 && handles[0]?.label === '' ? handles[0] : undefined;
  return (
    <div
      className={`fl-node fl-node--${node.kind}${selected ? ' fl-node--selected' : ''}`}
      title={mark ? markText(mark) : undefined}
    >
      {acceptsInput && (
        <Handle
          type="target"
          position={Position.Left}
          id="in"
          className="fl-handle"
          isConnectable={isConnectable}
        />
      )}
      <div className="fl-node__head">
        <span className="fl-node__icon">
          <Icon size={14} aria-hidden="true" />
        </span>
        <span className="fl-node__kind">{kindLabel}</span>
        {mark?.diff && <span className={`fl-node__badge fl-node__badge--${mark.diff}`}>{mark.diff}</span>}
        {problem && (
          <span
            className={`fl-node__problem fl-node__problem--${problem.severity}`}
            role="img"
            aria-label={`${problem.severity === 'error' ? 'Error' : 'Warning'}: ${problem.message}${
              problem.count > 1 ? ` (and ${problem.count - 1} more)` : ''
            }`}
            title={problem.message}
          >
            <ProblemIcon size={14} aria-hidden="true" />
          </span>
        )}
      </div>
      <div className="fl-node__name">{node.name}</div>
      {plainExit && (
        <Handle
          type="source"
          position={Position.Right}
          id={plainExit.id}
          className="fl-handle"
          isConnectable={isConnectable}
        />
      )}
      {!plainExit && handles.length > 0 && (
        <ul className="fl-node__exits">
          {handles.map((handle) => (
            <li key={handle.id} className="fl-node__exit">
              <span>{handle.label || handle.id}</span>
              <Handle
                type="source"
                position={Position.Right}
                id={handle.id}
                isConnectable={isConnectable}
                className={`fl-handle fl-handle--${handle.id === 'error' || handle.id === 'timeout' ? 'alt' : 'main'}`}
              />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export const WorkflowNodeCard = memo(WorkflowNodeCardImpl);
