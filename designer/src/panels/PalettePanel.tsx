import { NODE_KINDS } from '@flowline/engine';
import { KIND_VISUALS } from '../canvas/kindVisuals';

/**
 * The palette's place. For now it lists the kinds of node a workflow is made of; dragging them
 * onto the canvas (and the connectors' actions) comes with canvas editing.
 */
export function PalettePanel() {
  return (
    <aside className="editor__palette panel" aria-labelledby="palette-title">
      <h2 className="panel__title" id="palette-title">
        Node kinds
      </h2>
      <ul className="kind-list">
        {NODE_KINDS.map((kind) => {
          const { icon: Icon, label } = KIND_VISUALS[kind];
          return (
            <li key={kind} className={`kind-list__item kind-list__item--${kind}`}>
              <span className="kind-list__icon">
                <Icon size={14} aria-hidden="true" />
              </span>
              {label}
            </li>
          );
        })}
      </ul>
    </aside>
  );
}
