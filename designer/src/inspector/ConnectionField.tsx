import { useQuery } from '@tanstack/react-query';
import { api, read } from '../app/apiClient';
import { useEditorSession } from '../editor/editorSession';
import { useRef, useState } from 'react';
import {
  OTHER_CONNECTION,
  connectionChoices,
  connectionNote,
  connectionPick,
  noConnectionLabel,
} from '../model';

/** Stored connections, names and connectors only (GET /api/connections); one list for every task. */
function useConnections(enabled: boolean) {
  return useQuery({
    queryKey: ['connections'],
    enabled,
    staleTime: 30_000,
    queryFn: async () => (await read(api.GET('/api/connections', {}))).items,
  });
}

/**
 * A task's connection: a choice of the connector's stored connections, or "another name" with a
 * text field for a name not stored yet (an admin may add it later), and a note when the name is
 * not one of them. Read-only (a viewer), or before the list has come, it is the plain text field.
 */
export function ConnectionInput({
  id,
  connectorId,
  value,
  readOnly,
  describedBy,
  invalid,
  onChange,
}: {
  id: string;
  connectorId: string;
  value: string;
  readOnly: boolean;
  describedBy: string | undefined;
  invalid: boolean;
  onChange: (next: string) => void;
}) {
  const { catalog } = useEditorSession();
  const listed = useConnections(!readOnly);
  const [typing, setTyping] = useState(false);
  const typed = useRef<HTMLInputElement>(null);
  const choices = listed.data ? connectionChoices(listed.data, connectorId) : undefined;
  const title = catalog.connectors.find((c) => c.id === connectorId)?.title ?? connectorId;
  const note = readOnly ? undefined : connectionNote(choices, value, title);
  const noteId = `${id}-note`;
  const described = [describedBy, note ? noteId : undefined].filter(Boolean).join(' ') || undefined;
  const text = (props: { id?: string; label?: string }) => (
    <input
      ref={typed}
      id={props.id}
      aria-label={props.label}
      className="field__input mono"
      value={value}
      readOnly={readOnly}
      spellCheck={false}
      autoComplete="off"
      aria-describedby={described}
      aria-invalid={invalid || undefined}
      onChange={(e) => onChange(e.target.value)}
    />
  );
  if (readOnly || choices === undefined) return text({ id });
  const pick = connectionPick(choices, value, typing);
  return (
    <>
      <select
        id={id}
        className="field__input field__select"
        value={pick}
        aria-describedby={described}
        aria-invalid={invalid || undefined}
        onChange={(e) => {
          const next = e.target.value;
          if (next === OTHER_CONNECTION) {
            setTyping(true);
            requestAnimationFrame(() => typed.current?.focus());
            return;
          }
          setTyping(false);
          onChange(next);
        }}
      >
        <option value="">{noConnectionLabel(choices)}</option>
        {choices.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
        <option value={OTHER_CONNECTION}>Another name…</option>
      </select>
      {pick === OTHER_CONNECTION && text({ label: 'Connection name' })}
      {note && (
        <p className="field__hint" id={noteId}>
          {note}
        </p>
      )}
    </>
  );
}
