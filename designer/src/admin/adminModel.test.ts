import { describe, expect, it } from 'vitest';
import { requiredMessage as enginesRequiredMessage } from '@flowline/engine';
import { objectFields } from '../model/forms/schemaToFields';
import {
  blankRequiredFields,
  connectionBody,
  declaredSettings,
  oneTimePassword,
  requiredMessage,
  secretKeysOf,
  testFailureText,
  withoutBlanks,
} from './adminModel';

describe('the administration model', () => {
  it('makes one-time passwords of four words and two digits, different each time', () => {
    const password = oneTimePassword();
    expect(password).toMatch(/^[a-z]+-[a-z]+-[a-z]+-[a-z]+-\d\d$/);
    expect(password.length).toBeGreaterThanOrEqual(15);
    const seen = new Set(Array.from({ length: 50 }, () => oneTimePassword()));
    expect(seen.size).toBeGreaterThan(45);
    expect(oneTimePassword(() => new Uint32Array([0, 1, 2, 3, 7]))).toBe('amber-basil-cedar-delta-07');
  });

  it('tells the secret credential fields: those marked writeOnly, else every field', () => {
    const basic = {
      type: 'object',
      properties: { username: { type: 'string' }, password: { type: 'string', writeOnly: true } },
    };
    expect([...secretKeysOf(basic)]).toEqual(['password']);
    const unmarked = {
      type: 'object',
      properties: { email: { type: 'string' }, apiToken: { type: 'string' } },
    };
    expect([...secretKeysOf(unmarked)]).toEqual(['email', 'apiToken']);
    expect([...secretKeysOf({ type: 'object' })]).toEqual([]);
    // The HTTP connector's credentials: one field holding variants, each with its own secrets.
    const http = {
      type: 'object',
      properties: {
        auth: {
          oneOf: [
            { type: 'object', properties: { type: { const: 'none' } } },
            {
              type: 'object',
              properties: { type: { const: 'bearer' }, token: { type: 'string', writeOnly: true } },
            },
          ],
        },
      },
    };
    expect([...secretKeysOf(http)]).toEqual(['token']);
  });

  it('saves what was typed and keeps the stored credentials that were left blank', () => {
    expect(
      connectionBody(
        { credentials: { username: 'svc', password: '' }, settings: { instanceUrl: 'https://x', note: '' } },
        ['username', 'password'],
      ),
    ).toEqual({
      credentials: { username: 'svc' },
      settings: { instanceUrl: 'https://x' },
      keepCredentials: ['password'],
    });
    // A new connection has nothing stored: nothing to keep.
    expect(connectionBody({ credentials: { token: 't' }, settings: {} })).toEqual({
      credentials: { token: 't' },
      settings: {},
    });
  });

  it('fills the edit form with the stored settings the connector still declares', () => {
    const schema = { type: 'object', properties: { host: { type: 'string' }, port: { type: 'integer' } } };
    expect(declaredSettings({ host: 'smtp', port: 25, colour: 'red' }, schema)).toEqual({
      host: 'smtp',
      port: 25,
    });
    expect(declaredSettings(undefined, schema)).toEqual({});
    expect(declaredSettings({ host: 'smtp' }, undefined)).toEqual({});
  });

  it('drops blank texts deeply but keeps false and zero', () => {
    expect(withoutBlanks({ a: '', b: { c: '', d: 0, e: false }, f: ['x'] })).toEqual({
      b: { d: 0, e: false },
      f: ['x'],
    });
  });

  it('names each blank required field by its label in quotes, as it is written (a question, an acronym)', () => {
    const fields = objectFields({
      type: 'object',
      required: ['apiKey', 'why', 'smtp'],
      properties: {
        apiKey: { type: 'string', title: 'API key' },
        why: { type: 'string', title: 'Why is it needed?' },
        smtp: {
          type: 'object',
          required: ['host'],
          properties: { host: { type: 'string', title: 'SMTP host' } },
        },
        note: { type: 'string', title: 'Note' },
      },
    });
    expect(Object.fromEntries(blankRequiredFields(fields, { why: '', smtp: {} }, 'settings'))).toEqual({
      'settings.apiKey': '"API key" is required',
      'settings.why': '"Why is it needed?" is required',
      'settings.smtp.host': '"SMTP host" is required',
    });
    for (const label of ['API key', 'Why is it needed?', 'The "main" host'])
      expect(requiredMessage(label)).toBe(enginesRequiredMessage(label));
    // A stored secret left blank is kept, so it is not missing.
    expect([
      ...blankRequiredFields(
        fields,
        { why: 'audit', smtp: { host: 'mx' } },
        'credentials',
        new Set(['apiKey']),
      ),
    ]).toEqual([]);
  });

  it('says a failed connection test in sentences, whether or not the connector ended its own', () => {
    expect(testFailureText('Could not resolve desk.acme.invalid', true)).toBe(
      'Could not resolve desk.acme.invalid. Trying again later may work.',
    );
    expect(testFailureText('The service is busy.', true)).toBe(
      'The service is busy. Trying again later may work.',
    );
    expect(testFailureText('The token was refused', false)).toBe('The token was refused');
  });
});
