import { useState, type KeyboardEvent } from 'react';
import { usePeople, type Person } from './usePeople';
import './people.css';

/** The input's own attributes, as the field that labels it sets them. */
interface InputAttributes {
  readonly id: string;
  readonly name?: string;
  readonly disabled?: boolean | undefined;
  readonly 'aria-invalid'?: boolean | undefined;
  readonly 'aria-required'?: boolean | undefined;
  readonly 'aria-describedby'?: string | undefined;
}

/**
 * A person chosen from the people directory (a combobox: type part of a name or e-mail, pick
 * with the arrows and Enter, or the mouse). The value is what `valueOf` takes from the person
 * picked (a user id for a form, an e-mail for a delegation); until one is picked the typed text
 * is the value, so the server's message about it shows as for any field.
 */
export function PersonPicker({
  input,
  value,
  onChange,
  valueOf,
  onPick,
  initialText,
}: {
  input: InputAttributes;
  value: string;
  onChange: (value: string) => void;
  valueOf: (person: Person) => string;
  /** A person was picked from the list (after onChange with their value): typing alone is not. */
  onPick?: (person: Person) => void;
  /** What the input shows at first for a value set before (a person's name and e-mail). */
  initialText?: string | undefined;
}) {
  const [text, setText] = useState(initialText ?? value);
  const [picked, setPicked] = useState<Person | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const people = usePeople(text, open && picked === null);
  const options = open && picked === null ? (people.data?.items ?? []) : [];
  const listId = `${input.id}-people`;
  const optionId = (index: number) => `${input.id}-person-${index}`;

  const choose = (person: Person) => {
    setPicked(person);
    setText(`${person.name} <${person.email}>`);
    setOpen(false);
    onChange(valueOf(person));
    onPick?.(person);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setOpen(true);
      if (options.length > 0)
        setActive((at) => (at + (event.key === 'ArrowDown' ? 1 : options.length - 1)) % options.length);
    } else if (event.key === 'Enter' && options[active]) {
      event.preventDefault();
      choose(options[active]);
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      setOpen(false);
    }
  };

  return (
    <div className="person-picker">
      <input
        {...input}
        type="text"
        role="combobox"
        className="field__input"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={options.length > 0}
        aria-controls={listId}
        aria-activedescendant={options[active] ? optionId(active) : undefined}
        value={text}
        placeholder="Type a name or an e-mail"
        onChange={(event) => {
          setText(event.target.value);
          setPicked(null);
          setActive(0);
          setOpen(true);
          onChange(event.target.value.trim());
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setOpen(false)}
      />
      <ul
        id={listId}
        role="listbox"
        className="person-picker__list"
        aria-label="People"
        hidden={options.length === 0}
      >
        {options.map((person, index) => (
          <li
            key={person.id}
            id={optionId(index)}
            role="option"
            aria-selected={index === active}
            className="person-picker__option"
            // Before the input's blur closes the list.
            onMouseDown={(event) => {
              event.preventDefault();
              choose(person);
            }}
          >
            <span className="person-picker__name">{person.name}</span>
            <span className="person-picker__email">{person.email}</span>
          </li>
        ))}
      </ul>
      {open && picked === null && text.trim() !== '' && people.data?.items.length === 0 && (
        <p className="field__help" role="status">
          Nobody found whose name or e-mail starts with “{text.trim()}”.
        </p>
      )}
    </div>
  );
}
