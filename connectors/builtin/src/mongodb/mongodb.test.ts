import { describeConnectorContract, runAction } from '@flowline/connector-sdk/testing';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createMongodbConnector, mongodb } from './index';

// No MongoDB server can run here; these tests stop before the driver would talk to one.
let server: Server | undefined;
let connections = 0;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A TCP listener on 127.0.0.1 that only counts connections, to prove none was opened. */
async function countingListener(): Promise<number> {
  connections = 0;
  server = createServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', () => resolve()));
  return (server.address() as AddressInfo).port;
}

describeConnectorContract(mongodb);

describe('mongodb guards', () => {
  it('refuses 127.0.0.1 before connecting when loopback is not allowed', async () => {
    const port = await countingListener();
    const result = await runAction(mongodb, 'findDocuments', {
      input: { collection: 'tickets' },
      credentials: { connectionString: `mongodb://127.0.0.1:${port}/` },
      settings: { database: 'itsm' },
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'SSRF_BLOCKED', retryable: false } });
    expect(connections).toBe(0);
  });

  it('refuses server-side JavaScript before connecting, even where loopback is allowed', async () => {
    const port = await countingListener();
    const loopback = createMongodbConnector({ network: { allowLoopback: true } });
    const result = await runAction(loopback, 'findDocuments', {
      input: { collection: 'tickets', filter: { $where: 'sleep(10000) || true' } },
      credentials: { connectionString: `mongodb://127.0.0.1:${port}/` },
      settings: { database: 'itsm' },
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_OPERATOR', retryable: false } });
    expect(connections).toBe(0);
  });

  it('refuses an update operator outside the allowed four', async () => {
    const result = await runAction(mongodb, 'updateDocuments', {
      input: { collection: 'tickets', filter: {}, update: { $rename: { a: 'b' } } },
      credentials: { connectionString: 'mongodb://db.example.com/' },
      settings: { database: 'itsm' },
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_OPERATOR' } });
  });

  it('caps findDocuments at 1000 and refuses system collections', async () => {
    const options = {
      credentials: { connectionString: 'mongodb://db.example.com/' },
      settings: { database: 'itsm' },
    };
    expect(
      await runAction(mongodb, 'findDocuments', {
        input: { collection: 'tickets', limit: 5000 },
        ...options,
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(
      await runAction(mongodb, 'findDocuments', { input: { collection: 'system.users' }, ...options }),
    ).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
  });

  it('never shows the connection string in a failure', async () => {
    const result = await runAction(mongodb, 'findDocuments', {
      input: { collection: 'tickets' },
      credentials: { connectionString: 'mongodb://svc:hunter2-secret@127.0.0.1:1/' },
      settings: { database: 'itsm' },
    });
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain('hunter2-secret');
  });

  it('counts the password inside the connection string as secret, as written and decoded', () => {
    const values = { connectionString: 'mongodb://svc:p%40ss-word@db.example.com/' };
    expect(mongodb.credentials.secretsOf(values)).toEqual([
      values.connectionString,
      'p%40ss-word',
      'p@ss-word',
    ]);
  });
});
