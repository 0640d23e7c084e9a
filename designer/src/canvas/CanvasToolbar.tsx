import {
  AlignCenterHorizontal,
  AlignCenterVertical,
  AlignEndHorizontal,
  AlignEndVertical,
  AlignStartHorizontal,
  AlignStartVertical,
  ChevronDown,
  Keyboard,
  LayoutDashboard,
  Maximize,
  Redo2,
  Spline,
  StickyNote,
  Undo2,
  type LucideIcon,
} from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { ACTIONS, COMMANDS, type ActionId, type CommandId } from '../model';
import { keyLabel } from './keys';

const commandKeys = (id: CommandId) => COMMANDS.find((c) => c.id === id)?.keys[0];
const titled = (label: string, keys: string | undefined) => (keys ? `${label} (${keyLabel(keys)})` : label);

const ALIGN: readonly { id: ActionId; icon: LucideIcon }[] = [
  { id: 'alignLeft', icon: AlignStartVertical },
  { id: 'alignCenter', icon: AlignCenterVertical },
  { id: 'alignRight', icon: AlignEndVertical },
  { id: 'alignTop', icon: AlignStartHorizontal },
  { id: 'alignMiddle', icon: AlignCenterHorizontal },
  { id: 'alignBottom', icon: AlignEndHorizontal },
];

export interface CanvasToolbarProps {
  readonly editable: boolean;
  readonly canUndo: boolean;
  readonly canRedo: boolean;
  readonly canAlign: boolean;
  /** One step is selected: "Connect…" can offer its exits. */
  readonly canConnect: boolean;
  readonly layingOut: boolean;
  onCommand(id: CommandId): void;
  onAction(id: ActionId): void;
  onAddNote(): void;
}

function ToolButton({
  label,
  keys,
  icon: Icon,
  disabled,
  onClick,
}: {
  label: string;
  keys?: string | undefined;
  icon: LucideIcon;
  disabled?: boolean;
  onClick: () => void;
}) {
  return (
    <button
      type="button"
      className="canvas-toolbar__button"
      aria-label={label}
      title={titled(label, keys)}
      disabled={disabled}
      onClick={onClick}
    >
      <Icon size={16} aria-hidden="true" />
    </button>
  );
}

/** The canvas's own toolbar: undo, redo, auto-layout, a sticky note, connect, align, fit, shortcuts. */
export function CanvasToolbar(props: CanvasToolbarProps) {
  const { editable, onCommand } = props;
  const [alignOpen, setAlignOpen] = useState(false);
  const menu = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!alignOpen) return;
    const close = (event: Event) => {
      if (!menu.current?.contains(event.target as Node)) setAlignOpen(false);
    };
    document.addEventListener('pointerdown', close);
    return () => document.removeEventListener('pointerdown', close);
  }, [alignOpen]);
  return (
    <div className="canvas-toolbar" role="toolbar" aria-label="Canvas tools">
      {editable && (
        <>
          <ToolButton
            label="Undo"
            keys={commandKeys('undo')}
            icon={Undo2}
            disabled={!props.canUndo}
            onClick={() => onCommand('undo')}
          />
          <ToolButton
            label="Redo"
            keys={commandKeys('redo')}
            icon={Redo2}
            disabled={!props.canRedo}
            onClick={() => onCommand('redo')}
          />
          <span className="canvas-toolbar__sep" />
          <ToolButton
            label={props.layingOut ? 'Laying out…' : 'Auto-layout'}
            keys={commandKeys('autoLayout')}
            icon={LayoutDashboard}
            disabled={props.layingOut}
            onClick={() => onCommand('autoLayout')}
          />
          <ToolButton label="Add sticky note" icon={StickyNote} onClick={props.onAddNote} />
          <ToolButton
            label="Connect the selected step…"
            keys={commandKeys('connect')}
            icon={Spline}
            disabled={!props.canConnect}
            onClick={() => onCommand('connect')}
          />
          <div className="canvas-toolbar__menu" ref={menu}>
            <button
              type="button"
              className="canvas-toolbar__button canvas-toolbar__button--menu"
              aria-label="Align"
              title="Align the selected nodes"
              aria-haspopup="menu"
              aria-expanded={alignOpen}
              disabled={!props.canAlign}
              onClick={() => setAlignOpen((open) => !open)}
            >
              <AlignStartVertical size={16} aria-hidden="true" />
              <ChevronDown size={12} aria-hidden="true" />
            </button>
            {alignOpen && (
              <div className="canvas-toolbar__popup" role="menu" aria-label="Align">
                {ALIGN.map(({ id, icon: Icon }) => {
                  const action = ACTIONS[id];
                  const keys = action.shortcuts[0]?.keys;
                  return (
                    <button
                      key={id}
                      type="button"
                      role="menuitem"
                      className="canvas-toolbar__item"
                      onClick={() => {
                        setAlignOpen(false);
                        props.onAction(id);
                      }}
                      onKeyDown={(event) => {
                        if (event.key === 'Escape') setAlignOpen(false);
                      }}
                    >
                      <Icon size={16} aria-hidden="true" />
                      <span>{action.label}</span>
                      {keys && <kbd>{keyLabel(keys)}</kbd>}
                    </button>
                  );
                })}
              </div>
            )}
          </div>
          <span className="canvas-toolbar__sep" />
        </>
      )}
      <ToolButton
        label="Zoom to fit"
        keys={commandKeys('fitView')}
        icon={Maximize}
        onClick={() => onCommand('fitView')}
      />
      <ToolButton
        label="Keyboard shortcuts"
        keys={commandKeys('help')}
        icon={Keyboard}
        onClick={() => onCommand('help')}
      />
    </div>
  );
}
