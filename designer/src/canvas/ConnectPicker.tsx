import '../app/noEval';
import type { WorkflowDefinition } from '@flowline/engine';
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { connectTargets, type ConnectExit, type ConnectTarget } from '../model';
import { Modal } from '../ui/Modal';
import { KIND_VISUALS } from './kindVisuals';

export interface ConnectPickerProps {
  readonly definition: WorkflowDefinition;
  readonly source: { readonly nodeId: string; readonly name: string; readonly exits: readonly ConnectExit[] };
  onConnect(sourceHandle: string, target: ConnectTarget): void;
  onClose(): void;
}

/**
 * "Connect…" by keyboard: the selected step's free exits (a select) and the steps an edge from
 * that exit may lead to (a searchable list, a combobox: arrows move, Enter connects). Steps the
 * engine refuses stay in the list, greyed, with its reason; choosing one says why instead.
 */
export function ConnectPicker({ definition, source, onConnect, onClose }: ConnectPickerProps) {
  const ids = useId();
  const [exit, setExit] = useState(source.exits[0]!.id);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [message, setMessage] = useState<string | undefined>();
  const targets = useMemo(
    () => connectTargets(definition, source.nodeId, exit, query),
    [definition, source.nodeId, exit, query],
  );
  const current: ConnectTarget | undefined = targets[Math.min(active, targets.length - 1)];
  const optionId = (index: number) => `${ids}-option-${index}`;
  // The search takes focus once the dialog is open (showModal focuses its first control).
  const search = useRef<HTMLInputElement>(null);
  useEffect(() => search.current?.focus(), []);

  const choose = (target: ConnectTarget | undefined) => {
    if (!target) return;
    if (target.refusal) {
      setMessage(`Cannot connect to “${target.name}”: ${target.refusal}`);
      return;
    }
    onConnect(exit, target);
  };
  const move = (to: number) => {
    if (targets.length === 0) return;
    const next = Math.max(0, Math.min(targets.length - 1, to));
    setActive(next);
    setMessage(undefined);
    document.getElementById(optionId(next))?.scrollIntoView({ block: 'nearest' });
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const moves: Record<string, number> = {
      ArrowDown: active + 1,
      ArrowUp: active - 1,
      PageDown: active + 8,
      PageUp: active - 8,
    };
    if (event.key in moves) {
      event.preventDefault();
      move(moves[event.key]!);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      choose(current);
    }
  };

  return (
    <Modal
      title={`Connect “${source.name}”`}
      intro="Choose the exit, then the step it leads to. Steps it cannot lead to say why."
      onClose={onClose}
    >
      <div className="connect-picker">
        <label className="field">
          <span className="field__label">From exit</span>
          <select
            className="field__input field__select"
            value={exit}
            onChange={(event) => {
              setExit(event.target.value);
              setMessage(undefined);
            }}
          >
            {source.exits.map((e) => (
              <option key={e.id} value={e.id}>
                {e.label}
                {e.label !== e.id && e.label !== 'Next' ? ` (${e.id})` : ''}
              </option>
            ))}
          </select>
        </label>
        <div className="field">
          <label className="field__label" htmlFor={`${ids}-search`}>
            Leads to
          </label>
          <input
            id={`${ids}-search`}
            className="field__input"
            type="search"
            role="combobox"
            aria-expanded="true"
            aria-controls={`${ids}-list`}
            aria-autocomplete="list"
            aria-activedescendant={current ? optionId(targets.indexOf(current)) : undefined}
            aria-describedby={`${ids}-hint`}
            placeholder="Search steps by name"
            autoComplete="off"
            ref={search}
            value={query}
            onChange={(event) => {
              setQuery(event.target.value);
              setActive(0);
              setMessage(undefined);
            }}
            onKeyDown={onKeyDown}
          />
          <p className="field__help" id={`${ids}-hint`}>
            ↑ and ↓ choose a step, Enter connects, Esc closes.
          </p>
        </div>
        <ul className="connect-picker__list" role="listbox" id={`${ids}-list`} aria-label="Steps">
          {targets.map((target, index) => {
            const { icon: Icon, label } = KIND_VISUALS[target.kind];
            const selected = target === current;
            return (
              <li
                key={target.id}
                id={optionId(index)}
                role="option"
                aria-selected={selected}
                aria-disabled={target.refusal ? true : undefined}
                className={[
                  'connect-picker__option',
                  selected ? 'connect-picker__option--active' : '',
                  target.refusal ? 'connect-picker__option--refused' : '',
                ]
                  .filter(Boolean)
                  .join(' ')}
                data-kind={target.kind}
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => {
                  setActive(index);
                  choose(target);
                }}
              >
                <Icon size={16} aria-hidden="true" className="connect-picker__icon" />
                <span className="connect-picker__name">{target.name}</span>
                <span className="connect-picker__kind">{label}</span>
                {target.refusal && <span className="connect-picker__reason">{target.refusal}</span>}
              </li>
            );
          })}
        </ul>
        {targets.length === 0 && <p className="connect-picker__empty">No step is called that.</p>}
        <p className="connect-picker__message" role="status" aria-live="polite">
          {message}
        </p>
        <div className="dialog__actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="btn btn--primary"
            disabled={!current || current.refusal !== undefined}
            onClick={() => choose(current)}
          >
            Connect
          </button>
        </div>
      </div>
    </Modal>
  );
}
