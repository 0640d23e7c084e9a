import { createApprovalLinks, hashPassword, newApiToken } from '../auth';
import { silentLogger } from '../observability/logger';
import { createMetrics } from '../observability/metrics';
import type { Role } from '../store';
import { createCountingConnector, createTestRuntime } from '../testing';
import { createFakeEmailConnector } from '../testing/fakeEmailConnector';
import type { RunLimits } from '../limits/runLimits';
import { createCronTriggers } from '../workflows/cronTriggers';
import { createApp } from './app';
import { createConformanceChecker, observe } from '../testing/openapiConformance';

export const TEST_PASSWORD = 'correct horse battery staple';

/**
 * The HTTP app over a test runtime (real SQLite, manual clock), with helpers to call it as a
 * user holding an API token, or with a session cookie. Tests only.
 */
export async function createTestApp(options: { limits?: Partial<RunLimits>; maxBodyBytes?: number } = {}) {
  const links = createApprovalLinks({ secret: 'x'.repeat(32) });
  const fakeEmail = createFakeEmailConnector();
  const rt = await createTestRuntime({
    connectors: [createCountingConnector().connector, fakeEmail.connector],
    approvalLinks: links,
    ...(options.limits ? { limits: options.limits } : {}),
  });
  // Not started: tests tick it by hand.
  const cron = createCronTriggers({ store: rt.store, clock: rt.clock, logger: silentLogger, core: rt });
  const app = createApp({
    core: rt,
    clock: rt.clock,
    logger: silentLogger,
    metrics: createMetrics(rt.store, () => rt.clock.now()),
    approvalLinks: links,
    vault: rt.vault,
    webhookSecrets: {
      itsm: `whsec_${Buffer.from('a webhook secret of enough length').toString('base64')}`,
    },
    maxBodyBytes: options.maxBodyBytes ?? 64 * 1024,
    secureCookies: false,
    cron,
  });
  const tokens: Record<string, string> = {};
  // Every response a test sees is held against the OpenAPI document: drift fails the test that saw it.
  const conformance = createConformanceChecker(await (await app.request('/api/openapi.json')).json());

  /** A user `id` (e-mail `id@example.com`, password TEST_PASSWORD) with an API token of the same roles. */
  async function user(id: string, roles: Role[], groups: string[] = []) {
    await rt.store.createUser({
      id,
      email: `${id}@example.com`,
      name: id,
      passwordHash: await hashPassword(TEST_PASSWORD),
      roles,
      groups,
      disabled: false,
      createdAt: 0,
    });
    const { token, tokenHash } = newApiToken();
    await rt.store.createApiToken({ id: `t-${id}`, tokenHash, name: id, userId: id, roles, createdAt: 0 });
    tokens[id] = token;
  }

  /** Another API token of `userId` with these roles, callable as `as`. */
  async function token(userId: string, roles: Role[], as: string) {
    const { token, tokenHash } = newApiToken();
    await rt.store.createApiToken({ id: `t-${as}`, tokenHash, name: as, userId, roles, createdAt: 0 });
    tokens[as] = token;
  }

  /** A request as `who` (by API token), or anonymous with null. */
  const call = async (
    who: string | null,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const response = await app.request(path, {
      method,
      headers: {
        ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const problems = conformance.check(await observe(method, path, response));
    if (problems.length > 0)
      throw new Error(`The response does not match the OpenAPI document:\n  ${problems.join('\n  ')}`);
    return response;
  };

  /** Signs in with e-mail and password; the returned caller sends the session cookie, as the designer does. */
  async function signIn(email: string, password: string) {
    const response = await call(null, 'POST', '/api/auth/sign-in', { email, password });
    const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const session = (method: string, path: string, body?: unknown) =>
      call(null, method, path, body, { cookie, 'x-requested-with': 'fetch' });
    return { response, session };
  }

  return { rt, app, links, fakeEmail, tokens, user, token, call, signIn, cron, conformance };
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;
