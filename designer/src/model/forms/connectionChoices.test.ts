import { describe, expect, it } from 'vitest';
import { newNode } from '../document/newNode';
import { fixtureCatalog } from '../testing/fixtures';
import {
  OTHER_CONNECTION,
  connectionChoices,
  connectionNote,
  connectionPick,
  connectorOfAction,
  noConnectionLabel,
} from './connectionChoices';
import { actionInputFields, nodeFormFields } from './nodeForm';

const listed = [
  { name: 'provisioning', connectorId: 'http' },
  { name: 'team-chat', connectorId: 'slack' },
  { name: 'legacy-portal', connectorId: 'http' },
  { name: 'provisioning', connectorId: 'http' },
];

describe('the connection picker of a task', () => {
  it('names the connector of an action', () => {
    expect(connectorOfAction('http.request')).toBe('http');
    expect(connectorOfAction('http-oauth2.request')).toBe('http-oauth2');
    expect(connectorOfAction('')).toBeUndefined();
    expect(connectorOfAction('nodot')).toBeUndefined();
  });

  it('offers the connector’s own connections only, each once, sorted', () => {
    expect(connectionChoices(listed, 'http')).toEqual(['legacy-portal', 'provisioning']);
    expect(connectionChoices(listed, 'slack')).toEqual(['team-chat']);
    expect(connectionChoices(listed, 'jira')).toEqual([]);
    expect(connectionChoices(listed, undefined)).toEqual([]);
  });

  it('says nothing about a stored name, and a sentence about a missing or unknown one', () => {
    const choices = ['legacy-portal', 'provisioning'];
    expect(connectionNote(undefined, 'anything', 'HTTP')).toBeUndefined();
    expect(connectionNote(choices, 'provisioning', 'HTTP')).toBeUndefined();
    expect(connectionNote(choices, ' provisioning ', 'HTTP')).toBeUndefined();
    expect(connectionNote(choices, undefined, 'HTTP')).toBe(
      'None is named, so runs use HTTP’s “default”, which is not stored. Pick one of the 2 stored, or another name.',
    );
    expect(connectionNote(['desk'], undefined, 'Acme Desk')).toBe(
      'None is named, so runs use Acme Desk’s “default”, which is not stored. Pick “desk”, or another name.',
    );
    expect(connectionNote(choices, 'crm', 'HTTP')).toContain('No stored connection of HTTP is called “crm”');
    expect(connectionNote([], undefined, 'Slack')).toContain('No connection for Slack is stored yet');
  });

  it('calls the empty choice what it is: the stored “default” when there is one', () => {
    expect(noConnectionLabel(['default', 'legacy'])).toBe('Default (“default”)');
    expect(noConnectionLabel(['legacy'])).toBe('None');
    expect(connectionNote(['default', 'legacy'], '', 'Acme Desk')).toBeUndefined();
  });

  it('marks a task’s connection field with its connector, for the picker', () => {
    const fields = nodeFormFields(
      newNode('task', { id: 't', action: 'servicenow.createIncident' }),
      fixtureCatalog,
    );
    expect(fields.find((f) => f.key === 'connection')).toMatchObject({
      type: 'text',
      connections: 'servicenow',
    });
    const approval = nodeFormFields(newNode('approval', { id: 'a' }), fixtureCatalog);
    expect(approval.some((f) => 'connections' in f)).toBe(false);
  });
});

describe('what the connection picker shows', () => {
  const choices = ['legacy-portal', 'provisioning'];
  it('a stored name as itself, nothing as none, anything else as another name', () => {
    expect(connectionPick(choices, 'provisioning', false)).toBe('provisioning');
    expect(connectionPick(choices, undefined, false)).toBe('');
    expect(connectionPick(choices, '', false)).toBe('');
    expect(connectionPick(choices, 'crm', false)).toBe(OTHER_CONNECTION);
    expect(connectionPick([], 'crm', false)).toBe(OTHER_CONNECTION);
  });
  it('another name while the user types one, even a stored one', () => {
    expect(connectionPick(choices, '', true)).toBe(OTHER_CONNECTION);
    expect(connectionPick(choices, 'provisioning', true)).toBe(OTHER_CONNECTION);
  });
});

describe('the help of an action input field', () => {
  it('is the description as a sentence, then the type', () => {
    const catalog = {
      connectors: [
        {
          ...fixtureCatalog.connectors[0]!,
          id: 'web',
          actions: [
            {
              ...fixtureCatalog.connectors[0]!.actions[0]!,
              id: 'call',
              input: {
                type: 'object',
                properties: {
                  url: { type: 'string', description: 'A path relative to the base URL' },
                  note: { type: 'string', description: 'Said as is.' },
                },
              },
            },
          ],
        },
      ],
    };
    const fields = actionInputFields(catalog, 'web.call');
    expect(fields.map((f) => f.help)).toEqual([
      'A path relative to the base URL. Gives text.',
      'Said as is. Gives text.',
    ]);
  });
});
