import type { WorkflowDefinition } from '@flowline/engine';
import { fieldsOf, type FormField } from '../forms/fillIn';

/**
 * How a person starts a published version from the editor: a manual trigger with a dialog of the
 * workflow's input fields (none: a click), a form trigger through its request form; webhook,
 * schedule and event triggers are started by other systems (the API refuses a start by hand).
 */
export type StartChoice =
  | { readonly kind: 'none' }
  | { readonly kind: 'form'; readonly href: string }
  | { readonly kind: 'manual'; readonly fields: readonly FormField[] };

export function startChoice(definition: WorkflowDefinition): StartChoice {
  const trigger = definition.nodes.find((node) => node.kind === 'trigger');
  const type = trigger?.kind === 'trigger' ? trigger.trigger.type : undefined;
  if (type === 'form') return { kind: 'form', href: `/requests/new/${encodeURIComponent(definition.id)}` };
  if (type === 'manual') return { kind: 'manual', fields: fieldsOf(definition.input) };
  return { kind: 'none' };
}
