import { credential, defineAction, defineConnector } from '@flowline/connector-sdk';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createAdjustableClock } from '../clock';
import { createConnectorRegistry } from '../connectors/registry';
import { silentLogger } from '../observability/logger';
import type { ClaimedJob } from '../store';
import { callConnector, type ConnectionResolver } from './callConnector';

const echoing = {
  id: 'echo',
  title: 'Echo',
  description: 'Answers with the settings it was given',
  input: z.object({}),
  output: z.object({ seen: z.unknown() }),
  run: async (context: { settings: unknown }) => ({ seen: context.settings }),
} as const;
const plain = defineConnector({
  id: 'plain',
  title: 'Plain',
  version: '1.0.0',
  actions: [defineAction(echoing)],
});
const Settings = z.object({ region: z.string().default('eu') });
const configured = defineConnector({
  id: 'configured',
  title: 'Configured',
  version: '1.0.0',
  settings: Settings,
  actions: [defineAction({ ...echoing, settings: Settings })],
});
const apiKey = credential.apiKey({ header: 'X-Key' });
const keyed = defineConnector({
  id: 'keyed',
  title: 'Keyed',
  version: '1.0.0',
  credentials: apiKey,
  actions: [defineAction({ ...echoing, credentials: apiKey })],
});

const job = (action: string, connection?: string): ClaimedJob => ({
  id: 'i1:n#1',
  instanceId: 'i1',
  nodeId: 'n',
  action,
  ...(connection === undefined ? {} : { connection }),
  input: {},
  attempt: 1,
  idempotencyKey: 'i1:n#1',
  runAt: 0,
  timeoutMs: 5_000,
  status: 'running',
  leaseOwner: 'w',
  leaseToken: 't',
  leaseExpiresAt: 10_000,
});

function harness(options: { defaults?: boolean } = {}) {
  const asked: [string, string | undefined][] = [];
  const connections: ConnectionResolver = {
    async resolve(connectorId, name) {
      asked.push([connectorId, name]);
      if (name === 'missing') throw new Error(`There is no connection "${name}" for ${connectorId}`);
      // As the vault answers a step that names none when the connector has no default connection.
      if (options.defaults === false) return {};
      return connectorId === 'configured' ? { settings: { region: 'us' } } : { credentials: { apiKey: 'k' } };
    },
  };
  const clock = createAdjustableClock();
  const deps = {
    clock,
    logger: silentLogger,
    connectors: createConnectorRegistry([plain, configured, keyed]),
    connections,
  };
  return { asked, call: (claimed: ClaimedJob) => callConnector(deps, claimed, clock.now()) };
}

describe('the connection a job is called with', () => {
  it('is not looked up for a connector without credentials or settings when the step names none', async () => {
    const { asked, call } = harness();
    expect(await call(job('plain.echo'))).toMatchObject({ type: 'job.done' });
    expect(asked).toEqual([]);
  });

  it('is looked up when the connector takes settings or credentials', async () => {
    const { asked, call } = harness();
    expect(await call(job('configured.echo'))).toMatchObject({
      type: 'job.done',
      output: { seen: { region: 'us' } },
    });
    expect(await call(job('keyed.echo'))).toMatchObject({ type: 'job.done' });
    expect(asked).toEqual([
      ['configured', undefined],
      ['keyed', undefined],
    ]);
  });

  it('is looked up when the step names one, and a missing one fails the call', async () => {
    const { asked, call } = harness();
    expect(await call(job('plain.echo', 'missing'))).toMatchObject({
      type: 'job.failed',
      error: { code: 'CONNECTION_UNAVAILABLE' },
    });
    expect(asked).toEqual([['plain', 'missing']]);
  });

  it('fails in the operator’s words when the step names none and the connector needs one but has no default', async () => {
    const { call } = harness({ defaults: false });
    const failed = await call(job('keyed.echo'));
    expect(failed).toMatchObject({
      type: 'job.failed',
      error: { code: 'CONNECTION_MISSING', retryable: false },
    });
    expect(failed.type === 'job.failed' && failed.error.message).toContain(
      "names no connection, and Keyed has no default connection to use instead: choose a connection in the step's Connection field",
    );
    // Settings that all have defaults need no connection: the call runs with them.
    expect(await call(job('configured.echo'))).toMatchObject({
      type: 'job.done',
      output: { seen: { region: 'eu' } },
    });
  });
});
