import { describe, expect, it } from 'vitest';
import { T0 } from '../contract/fixtures';
import { indexServing } from './indexCoverage';
import {
  SECRET_ORDER,
  secretCollections,
  secretDocument,
  secretUpdate,
  secretsOf,
  toSecret,
} from './secrets';

const secret = {
  id: 'sec-1',
  name: 'ServiceNow prod',
  connectorId: 'servicenow',
  ciphertext: { keyId: 'k1', iv: 'aXY=', data: 'Y2lwaGVy', tag: 'dGFn' },
  createdAt: T0,
  updatedAt: T0,
};

describe('MongoDB secrets', () => {
  it('maps a secret both ways, its envelope kept as given', () => {
    expect(secretDocument(secret)).toMatchObject({ _id: 'sec-1', ciphertext: secret.ciphertext });
    expect(toSecret(secretDocument(secret))).toEqual(secret);
  });

  it('re-wraps by setting the envelope and time, and the name only when given', () => {
    const ciphertext = { keyId: 'k2' };
    expect(secretUpdate({ ciphertext, updatedAt: T0 + 1 })).toEqual({
      $set: { ciphertext, updatedAt: T0 + 1 },
    });
    expect(secretUpdate({ ciphertext, updatedAt: T0, name: 'n' }).$set).toMatchObject({ name: 'n' });
  });

  it('lists all secrets or one connector’s along an index in (name, id) order', () => {
    const [spec] = secretCollections;
    expect(indexServing(spec!, { filter: secretsOf('jira'), sort: SECRET_ORDER })).toBe(
      'secrets_by_connector',
    );
    expect(indexServing(spec!, { filter: secretsOf(), sort: SECRET_ORDER })).toBe('secrets_by_name');
  });
});
