import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { credential } from './credential';
import { defineAction } from './defineAction';
import { defineConnector } from './defineConnector';
import { ConnectorDefinitionError } from './definitionError';

const Settings = z.object({ instanceUrl: z.url() });
const auth = credential.basic();

const action = (id: string) =>
  defineAction({
    id,
    title: 'Ping',
    description: 'Answers pong.',
    credentials: auth,
    settings: Settings,
    input: z.object({}),
    output: z.object({ pong: z.boolean() }),
    run: async () => ({ pong: true }),
  });

function definitionError(define: () => unknown): ConnectorDefinitionError {
  try {
    define();
  } catch (error) {
    if (error instanceof ConnectorDefinitionError) return error;
    throw error;
  }
  throw new Error('expected a ConnectorDefinitionError');
}

const base = { title: 'ServiceNow', version: '1.0.0', credentials: auth, settings: Settings };

describe('defineConnector', () => {
  it('returns a frozen connector with frozen actions', () => {
    const connector = defineConnector({ ...base, id: 'servicenow', actions: [action('ping')] });
    expect(Object.isFrozen(connector)).toBe(true);
    expect(Object.isFrozen(connector.actions)).toBe(true);
    expect(Object.isFrozen(connector.actions[0])).toBe(true);
    expect(connector.actions[0]?.timeoutMs).toBe(30_000);
  });

  it.each(['ServiceNow', 'service_now', '-teams', 'teams-', 'a--b', '1password', ''])(
    'refuses the connector id %j',
    (id) => {
      expect(definitionError(() => defineConnector({ ...base, id, actions: [action('ping')] })).code).toBe(
        'INVALID_CONNECTOR_ID',
      );
    },
  );

  it('accepts kebab-case ids such as microsoft-teams', () => {
    expect(defineConnector({ ...base, id: 'microsoft-teams', actions: [action('ping')] }).id).toBe(
      'microsoft-teams',
    );
  });

  it.each(['CreateIncident', 'create-incident', 'create_incident', '9lives'])(
    'refuses the action id %j',
    (id) => {
      expect(definitionError(() => action(id)).code).toBe('INVALID_ACTION_ID');
    },
  );

  it('refuses two actions with the same id', () => {
    const error = definitionError(() =>
      defineConnector({ ...base, id: 'sn', actions: [action('ping'), action('ping')] }),
    );
    expect(error.code).toBe('DUPLICATE_ACTION_ID');
  });

  it('refuses a version that is not x.y.z, an empty title and no actions', () => {
    expect(
      definitionError(() => defineConnector({ ...base, id: 'sn', version: 'v1', actions: [action('a')] }))
        .code,
    ).toBe('INVALID_VERSION');
    expect(
      definitionError(() => defineConnector({ ...base, id: 'sn', title: ' ', actions: [action('a')] })).code,
    ).toBe('MISSING_TITLE');
    expect(definitionError(() => defineConnector({ ...base, id: 'sn', actions: [] })).code).toBe(
      'NO_ACTIONS',
    );
  });

  it('refuses an action declared with another settings schema', () => {
    const other = defineAction({
      id: 'other',
      title: 'Other',
      description: 'Uses its own settings.',
      settings: z.object({ instanceUrl: z.url() }),
      input: z.object({}),
      output: z.object({}),
      run: async () => ({}),
    });
    // The type check cannot tell two structurally equal schemas apart; the runtime check can.
    expect(definitionError(() => defineConnector({ ...base, id: 'sn', actions: [other] })).code).toBe(
      'SETTINGS_MISMATCH',
    );
  });

  it('accepts an action that needs no credentials or settings inside a connector that has them', () => {
    const plain = defineAction({
      id: 'echo',
      title: 'Echo',
      description: 'Returns its input.',
      input: z.object({ text: z.string() }),
      output: z.object({ text: z.string() }),
      run: async (_ctx, input) => input,
    });
    expect(defineConnector({ ...base, id: 'sn', actions: [plain, action('ping')] }).actions).toHaveLength(2);
  });
});

describe('defineAction', () => {
  const valid = {
    id: 'ping',
    title: 'Ping',
    description: 'Pings.',
    input: z.object({}),
    output: z.object({}),
    run: async () => ({}),
  };

  it('parses timeouts written as strings', () => {
    expect(defineAction({ ...valid, timeout: '2m' }).timeoutMs).toBe(120_000);
    expect(defineAction({ ...valid, timeout: 1500 }).timeoutMs).toBe(1500);
  });

  it('refuses a timeout that is not positive', () => {
    expect(definitionError(() => defineAction({ ...valid, timeout: 0 })).code).toBe('INVALID_TIMEOUT');
    expect(definitionError(() => defineAction({ ...valid, timeout: '0s' })).code).toBe('INVALID_TIMEOUT');
  });

  it('refuses a missing title or description', () => {
    expect(definitionError(() => defineAction({ ...valid, title: '' })).code).toBe('MISSING_TITLE');
    expect(definitionError(() => defineAction({ ...valid, description: '' })).code).toBe(
      'MISSING_DESCRIPTION',
    );
  });
});

describe('schemas the designer and the engine cannot use', () => {
  const valid = {
    id: 'ping',
    title: 'Ping',
    description: 'Pings.',
    input: z.object({}),
    output: z.object({}),
    run: async () => ({}),
  };

  it('refuses, naming the action, an output zod cannot describe as JSON Schema', () => {
    const error = definitionError(() =>
      defineAction({ ...valid, output: z.object({ at: z.date() }), run: async () => ({ at: new Date() }) }),
    );
    expect(error.code).toBe('INVALID_SCHEMA');
    expect(error.message).toMatch(/^Action "ping"'s output cannot be described as JSON Schema \(Date/);
    expect(error.message).toContain('z.iso.datetime()');
  });

  it('refuses an output that transforms what the action returns', () => {
    const output = z.object({ n: z.string().transform(Number) });
    expect(
      definitionError(() => defineAction({ ...valid, output, run: async () => ({ n: '1' }) })).code,
    ).toBe('INVALID_SCHEMA');
  });

  it('accepts an input that transforms what the workflow gives (its form shows the input side)', () => {
    const input = z.object({ n: z.string().transform(Number) });
    expect(defineAction({ ...valid, input }).id).toBe('ping');
  });

  it('refuses an input that is not an object: it is the form of the step', () => {
    const error = definitionError(() => defineAction({ ...valid, input: z.string() }));
    expect(error.code).toBe('INVALID_SCHEMA');
    expect(error.message).toBe(
      `Action "ping"'s input must be a z.object(...): its fields are the form the designer shows`,
    );
  });

  it('refuses connector settings or custom credentials that are not object forms', () => {
    expect(
      definitionError(() =>
        defineConnector({
          id: 'sn',
          title: 'SN',
          version: '1.0.0',
          settings: z.string(),
          actions: [defineAction(valid)],
        }),
      ).message,
    ).toMatch(/^Connector "sn"'s settings must be a z\.object/);
    expect(
      definitionError(() =>
        defineConnector({
          id: 'sn',
          title: 'SN',
          version: '1.0.0',
          credentials: credential.custom(z.object({ since: z.date() })),
          actions: [defineAction(valid)],
        }),
      ).message,
    ).toMatch(/^Connector "sn"'s credentials cannot be described as JSON Schema/);
  });
});
