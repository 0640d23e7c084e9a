import { describe, expect, it } from 'vitest';
import { NODE_KINDS } from '@flowline/engine';
import { createDocument } from '../document/document';
import { perform } from '../document/actions';
import { accessApproval, fixtureCatalog } from '../testing/fixtures';
import { nodeArgsOf, paletteItems, paletteOrigin, searchPalette } from './paletteItems';

const items = paletteItems(fixtureCatalog);
const titles = (query: string) => searchPalette(items, query).map((i) => i.title);

describe('palette', () => {
  it('lists every node kind but the bare task, and one entry per connector action', () => {
    const kinds = new Set(items.filter((i) => !i.action).map((i) => i.kind));
    expect([...kinds].sort()).toEqual(NODE_KINDS.filter((k) => k !== 'task').sort());
    expect(items.filter((i) => i.action).map((i) => i.action)).toEqual([
      'servicenow.createIncident',
      'email.send',
      'test.noop',
    ]);
    expect(items.find((i) => i.kind === 'approval')).toMatchObject({
      title: 'Approval',
      description: 'Human decision by one or more approvers; one handle per outcome',
      icon: 'user-check',
    });
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
  });

  it('finds entries by name, ranking title matches first', () => {
    expect(titles('appr')[0]).toBe('Approval');
    expect(titles('incident')[0]).toBe('Create incident');
    expect(titles('Send')[0]).toBe('Send e-mail');
    expect(titles('')).toHaveLength(items.length);
    expect(titles('zzz')).toEqual([]);
  });

  it('finds entries by what they do', () => {
    expect(titles('ticket')).toContain('Create incident');
    expect(titles('smtp')).toEqual(['Send e-mail']);
    expect(titles('every monday')[0]).toBe('Schedule');
    expect(titles('sign-off')[0]).toBe('Approval');
    expect(titles('if')[0]).toBe('Decision');
    expect(titles('delay')).toEqual(['Wait for a time', 'Wait until']);
  });

  it('names the connector of an action among search results, where no heading does', () => {
    const [found] = searchPalette(items, 'incident');
    expect(paletteOrigin(found!, true)).toBe('ServiceNow');
    expect(paletteOrigin(found!, false)).toBeUndefined();
    expect(paletteOrigin(searchPalette(items, 'appr')[0]!, true)).toBeUndefined();
  });

  it('turns an entry into the node a drop adds', () => {
    const webhook = items.find((i) => i.id === 'kind:trigger:webhook')!;
    const added = perform(createDocument(accessApproval()), 'addNode', {
      ...nodeArgsOf(webhook),
      position: { x: 0, y: 0 },
    });
    expect(added.ok && added.value.definition.nodes.at(-1)).toMatchObject({
      name: 'Webhook',
      kind: 'trigger',
      trigger: { type: 'webhook', signature: { scheme: 'none' } },
    });
    const incident = items.find((i) => i.action === 'servicenow.createIncident')!;
    const task = perform(createDocument(accessApproval()), 'addNode', {
      ...nodeArgsOf(incident),
      position: { x: 0, y: 0 },
    });
    expect(task.ok && task.value.definition.nodes.at(-1)).toMatchObject({
      id: 'createIncident1',
      name: 'Create incident',
      timeout: 'PT30S',
    });
  });
});
