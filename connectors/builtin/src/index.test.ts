import { toCatalogEntry } from '@flowline/connector-sdk';
import { describe, expect, it } from 'vitest';
import { builtinConnectors } from './index';

describe('builtinConnectors', () => {
  it('lists every built-in once, each with a catalog entry', () => {
    const ids = builtinConnectors.map((c) => c.id);
    expect(ids).toEqual([
      'http',
      'http-oauth2',
      'email',
      'slack',
      'teams',
      'servicenow',
      'jira',
      'scim',
      'mongodb',
    ]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const connector of builtinConnectors)
      expect(toCatalogEntry(connector).actions.length).toBeGreaterThan(0);
  });

  it('marks secret credential fields write-only, so forms never show them back', () => {
    const secretFields = builtinConnectors.flatMap((c) =>
      JSON.stringify(toCatalogEntry(c).credentials.schema).includes('"writeOnly":true') ? [c.id] : [],
    );
    expect(secretFields).toEqual(
      expect.arrayContaining(['http', 'email', 'slack', 'teams', 'servicenow', 'jira', 'scim', 'mongodb']),
    );
  });
});
