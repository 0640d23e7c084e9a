import type { ActionContext } from '@flowline/connector-sdk';
import type { Db, MongoClient } from 'mongodb';
import { mongoDriver } from './driver';
import { guardedLookup, vetHost, type HostGuardOptions } from '../network/hostGuard';
import { connectionHosts } from './connectionHosts';
import { toMongoError } from './mongoError';
import type { MongoSettings } from './mongoSettings';

export type MongoContext = ActionContext<{ connectionString: string }, MongoSettings>;

const maxSelectionMs = 10_000;

/**
 * Runs `work` against the user's database with a short-lived client. The driver opens its own
 * sockets, so the operator's network policy is applied twice: every host in the connection string
 * is vetted before connecting (literal IPs skip DNS, so the lookup hook alone would miss them), and
 * every name the driver resolves goes through the guarded lookup, which pins the vetted address.
 */
export async function withDatabase<T>(
  ctx: MongoContext,
  guard: HostGuardOptions,
  work: (db: Db) => Promise<T>,
): Promise<T> {
  const { connectionString } = ctx.credentials;
  for (const host of connectionHosts(connectionString)) await vetHost(host, guard);
  const driver = await mongoDriver();
  const remaining = Math.max(1, ctx.deadline.getTime() - Date.now());
  let client: MongoClient;
  try {
    client = new driver.MongoClient(connectionString, {
      lookup: guardedLookup(guard),
      serverSelectionTimeoutMS: Math.min(remaining, maxSelectionMs),
      connectTimeoutMS: Math.min(remaining, maxSelectionMs),
      timeoutMS: remaining,
      maxPoolSize: 1,
      appName: 'flowline',
    });
  } catch (error) {
    throw toMongoError(error, driver);
  }
  const abort = () => void client.close(true);
  ctx.signal.addEventListener('abort', abort, { once: true });
  try {
    return await work(client.db(ctx.settings.database));
  } catch (error) {
    throw toMongoError(error, driver);
  } finally {
    ctx.signal.removeEventListener('abort', abort);
    await client.close().catch(() => undefined);
  }
}
