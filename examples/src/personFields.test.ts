import { describe, expect, it } from 'vitest';
import { exampleWorkflows } from './index';

interface Field {
  key: string;
  format?: string;
}
interface Definition {
  input?: Field[];
  nodes: { id: string; kind: string; assignees?: { type: string; expression?: string }[] }[];
}

/** The request-form fields an approval or a manual task assigns its work to (`input.<key>`). */
function assigneeFields(definition: Definition): string[] {
  const keys = definition.nodes.flatMap((node) =>
    (node.assignees ?? []).flatMap((assignee) => {
      const match = /^input\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(assignee.expression?.trim() ?? '');
      return match ? [match[1]!] : [];
    }),
  );
  return [...new Set(keys)];
}

describe('the examples’ request forms', () => {
  // A person's user id is nothing a requester knows: a `format: "user"` field is picked by name
  // from the people directory, and a start naming nobody is refused before a task waits on no one.
  it.each(exampleWorkflows.map((example) => [example.id, example.definition as Definition] as const))(
    '%s picks every person its steps are assigned to by name',
    (_id, definition) => {
      const byKey = new Map((definition.input ?? []).map((field) => [field.key, field]));
      for (const key of assigneeFields(definition)) {
        expect(byKey.get(key)?.format, `input.${key}`).toBe('user');
      }
    },
  );
});
