import { useEffect, useRef, useState } from 'react';
import { BUSINESS_KEY_MAX_LENGTH, isSearchableKey } from './runFilters';

/** How long typing pauses before the list follows: one request per word typed, not per letter. */
const SEARCH_PAUSE_MS = 300;

/**
 * The runs list's "Business key" search: runs whose key starts with what is typed (`INC00123`
 * finds INC0012345). The list and the URL follow once typing pauses, or at once on Enter.
 */
export function BusinessKeySearch({
  id,
  value,
  onChange,
}: {
  id: string;
  /** The prefix filtered on. */
  value: string | undefined;
  onChange: (prefix: string | undefined) => void;
}) {
  const [text, setText] = useState(value ?? '');
  // What this field last applied: its echo in `value` must not overwrite what is typed since.
  const applied = useRef(value);
  const [seen, setSeen] = useState(value);
  if (value !== seen) {
    setSeen(value);
    if (value !== applied.current) setText(value ?? '');
  }
  const latest = useRef(onChange);
  useEffect(() => {
    latest.current = onChange;
  });
  const next = text.trim();
  const problem = isSearchableKey(next) ? undefined : 'A business key has no control characters.';
  const apply = () => {
    if (problem || next === (value ?? '')) return;
    applied.current = next === '' ? undefined : next;
    latest.current(applied.current);
  };
  useEffect(() => {
    if (problem || next === (value ?? '')) return;
    const timer = setTimeout(() => {
      applied.current = next === '' ? undefined : next;
      latest.current(applied.current);
    }, SEARCH_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [next, value, problem]);
  return (
    <>
      <input
        id={id}
        type="search"
        className="field__input mono"
        placeholder="Starts with, e.g. INC00123"
        maxLength={BUSINESS_KEY_MAX_LENGTH}
        spellCheck={false}
        autoComplete="off"
        value={text}
        aria-invalid={problem ? true : undefined}
        aria-description="Runs whose business key starts with this"
        aria-describedby={problem ? `${id}-error` : undefined}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') apply();
        }}
      />
      {problem && (
        <p className="field__error" id={`${id}-error`}>
          {problem}
        </p>
      )}
    </>
  );
}
