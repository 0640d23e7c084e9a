import type { WorkflowDefinition } from '@flowline/engine';
import { describe, expect, it } from 'vitest';
import { startChoice } from './startChoice';

const withTrigger = (trigger: Record<string, unknown>, input: unknown[] = []) =>
  ({
    id: 'desk-ticket',
    name: 'Desk ticket',
    input,
    nodes: [
      { id: 'start', name: 'Start', kind: 'trigger', trigger },
      { id: 'done', name: 'Done', kind: 'end' },
    ],
    edges: [{ id: 'e1', source: 'start', target: 'done' }],
    layout: {},
  }) as unknown as WorkflowDefinition;

describe('starting a published version by hand', () => {
  it('asks for a manual trigger’s input fields (none: nothing to ask)', () => {
    expect(startChoice(withTrigger({ type: 'manual' }))).toEqual({ kind: 'manual', fields: [] });
    const title = { key: 'title', label: 'Title', type: 'string', required: true };
    expect(startChoice(withTrigger({ type: 'manual' }, [title]))).toEqual({
      kind: 'manual',
      fields: [title],
    });
  });

  it('sends a form trigger to its request form', () => {
    expect(startChoice(withTrigger({ type: 'form' }))).toEqual({
      kind: 'form',
      href: '/requests/new/desk-ticket',
    });
  });

  it('offers nothing for triggers other systems start', () => {
    for (const trigger of [
      { type: 'webhook' },
      { type: 'cron', schedule: '0 9 * * 1' },
      { type: 'event', event: 'ticket.created' },
    ])
      expect(startChoice(withTrigger(trigger))).toEqual({ kind: 'none' });
  });
});
