import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CatalogEntrySchema, toCatalogEntry } from './catalog';
import { credential } from './credential';
import { defineAction } from './defineAction';
import { defineConnector } from './defineConnector';

const Settings = z.object({ instanceUrl: z.url().meta({ title: 'Instance URL' }) });
const auth = credential.basic({ describe: 'A user with the itil role' });

const connector = defineConnector({
  id: 'servicenow',
  title: 'ServiceNow',
  version: '1.2.0',
  description: 'IT service management.',
  settings: Settings,
  credentials: auth,
  actions: [
    defineAction({
      id: 'createIncident',
      title: 'Create incident',
      description: 'Opens an incident.',
      credentials: auth,
      settings: Settings,
      input: z.object({ urgency: z.enum(['1', '2', '3']).default('3').meta({ title: 'Urgency' }) }),
      output: z.object({ sysId: z.string() }),
      timeout: '45s',
      run: async () => ({ sysId: 'a1' }),
    }),
  ],
});

describe('toCatalogEntry', () => {
  it('describes the connector with JSON Schemas a designer can render', () => {
    const entry = toCatalogEntry(connector);
    expect(CatalogEntrySchema.parse(entry)).toEqual(entry);
    expect(entry).toMatchObject({
      id: 'servicenow',
      title: 'ServiceNow',
      version: '1.2.0',
      description: 'IT service management.',
      credentials: { kind: 'basic', describe: 'A user with the itil role' },
    });
    expect(entry.settings).toMatchObject({
      type: 'object',
      properties: { instanceUrl: { type: 'string', title: 'Instance URL' } },
      required: ['instanceUrl'],
    });
    expect(entry.credentials.schema).toMatchObject({
      properties: { password: { type: 'string', writeOnly: true } },
    });
    const [action] = entry.actions;
    expect(action).toMatchObject({ id: 'createIncident', title: 'Create incident', timeoutMs: 45_000 });
    // Input side: a defaulted field is optional in the form.
    expect(action?.input).toMatchObject({ properties: { urgency: { default: '3', enum: ['1', '2', '3'] } } });
    expect(action?.input['required']).toBeUndefined();
    expect(action?.output).toMatchObject({ required: ['sysId'] });
  });

  it('is plain JSON', () => {
    const entry = toCatalogEntry(connector);
    expect(JSON.parse(JSON.stringify(entry))).toEqual(entry);
  });
});
