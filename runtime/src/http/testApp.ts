import { createApprovalLinks, hashPassword, newApiToken } from '../auth';
import { silentLogger } from '../observability/logger';
import { createMetrics } from '../observability/metrics';
import type { Role } from '../store';
import type { AnyConnector } from '@flowline/connector-sdk';
import { createEmailConnector } from '@flowline/connectors';
import { decisionLinksOf, headerOf, startSmtpPeer, type SmtpPeer } from '@flowline/connectors/testing';
import { createCountingConnector, createTestRuntime } from '../testing';
import type { RunLimits } from '../limits/runLimits';
import { createCronTriggers } from '../workflows/cronTriggers';
import type { EvaluationLimitsOverride } from '@flowline/engine';
import { createApp } from './app';
import { createConformanceChecker, observe } from '../testing/openapiConformance';
import { LiveLimitsSchema, createLiveUpdates, type LiveLimits } from '../live';
import type { LinkOrigin } from '../tasks/linkOrigin';

export const TEST_PASSWORD = 'correct horse battery staple';
/** Where the test app's links point: what the test runtime's mailer uses too. */
export const TEST_LINK_ORIGIN: LinkOrigin = { url: 'http://flowline.test', source: 'publicOrigin' };

/** One message the SMTP peer received, read as its recipient would: subject and decision links. */
export interface ReceivedApprovalMail {
  readonly to: string;
  readonly subject: string;
  readonly links: Record<string, string>;
}

/**
 * The HTTP app over a test runtime (real SQLite, manual clock), with helpers to call it as a
 * user holding an API token, or with a session cookie. The `email` connector is the real one;
 * `mailbox()` points its default connection at a real SMTP peer. Tests only.
 */
export async function createTestApp(
  options: {
    limits?: Partial<RunLimits>;
    expressionLimits?: EvaluationLimitsOverride;
    maxBodyBytes?: number;
    /** Instead of the counting and e-mail connectors. */
    connectors?: readonly AnyConnector[];
    /** The designer build to serve at / (designer/dist of this checkout by default). */
    designerDir?: string;
    live?: Partial<LiveLimits>;
    /** Registers GET/POST /api/test/clock over the manual clock, as FLOWLINE_TEST_CLOCK does. */
    testClock?: boolean;
    /** Where minted links point (TEST_LINK_ORIGIN by default). */
    linkOrigin?: LinkOrigin;
  } = {},
) {
  const links = createApprovalLinks({ secret: 'x'.repeat(32) });
  const rt = await createTestRuntime({
    connectors: options.connectors ?? [
      createCountingConnector().connector,
      createEmailConnector({ network: { allowLoopback: true } }),
    ],
    approvalLinks: links,
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.expressionLimits ? { expressionLimits: options.expressionLimits } : {}),
  });
  // Not started: tests tick it by hand.
  const cron = createCronTriggers({ store: rt.store, clock: rt.clock, logger: silentLogger, core: rt });
  const live = createLiveUpdates({
    store: rt.store,
    clock: rt.clock,
    logger: silentLogger,
    limits: LiveLimitsSchema.parse(options.live ?? {}),
  });
  const app = createApp({
    live,
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
    linkOrigin: () => options.linkOrigin ?? TEST_LINK_ORIGIN,
    cron,
    ...(options.designerDir !== undefined ? { designerDir: options.designerDir } : {}),
    ...(options.testClock
      ? {
          testClock: {
            now: rt.clock.now,
            advance: rt.clock.advance,
            wake: async () => {
              await rt.timers.fireDue();
              await cron.tick();
            },
          },
        }
      : {}),
  });
  const tokens: Record<string, string> = {};
  // Every response a test sees is held against the OpenAPI document: drift fails the test that saw it.
  const conformance = createConformanceChecker(await (await app.request('/api/openapi.json')).json());

  /** A user `id` (e-mail `id@example.com`, password TEST_PASSWORD) with an API token of the same roles. */
  async function user(id: string, roles: Role[], groups: string[] = []) {
    // Memberships name existing groups only: the ones a test names are made for it.
    for (const group of groups)
      if (!(await rt.store.getGroup(group)))
        await rt.store.createGroup({ id: group, name: group, description: '', createdAt: 0 });
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
    const answered = await app.request(path, {
      method,
      headers: {
        ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const response = await openingOf(answered);
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

  let smtp: SmtpPeer | undefined;

  /** Starts an SMTP peer and makes it the `email` connector's default connection (once). */
  async function mailbox() {
    if (!smtp) {
      smtp = await startSmtpPeer();
      await rt.vault.save('email', 'default', {
        settings: {
          host: smtp.host,
          port: smtp.port,
          requireTls: false,
          from: 'Flowline <flowline@example.com>',
        },
      });
    }
    const peer = smtp;
    return {
      peer,
      /** Every message received so far, one entry per recipient. */
      received: (): ReceivedApprovalMail[] =>
        peer.messages.flatMap((m) =>
          m.recipients.map((to) => ({
            to,
            subject: headerOf(m.raw, 'Subject') ?? '',
            links: decisionLinksOf(m.raw),
          })),
        ),
    };
  }

  /** Closes the runtime and the SMTP peer, if one was started. */
  async function close() {
    await live.close();
    await rt.close();
    await smtp?.close();
  }

  return { rt, app, live, links, tokens, user, token, call, signIn, mailbox, close, cron, conformance };
}

/** An event stream never ends by itself: its opening chunk stands for it, and the stream is closed. */
async function openingOf(response: Response): Promise<Response> {
  if (!response.headers.get('content-type')?.startsWith('text/event-stream') || !response.body)
    return response;
  const reader = response.body.getReader();
  const { value } = await reader.read();
  await reader.cancel();
  return new Response(value ?? null, { status: response.status, headers: response.headers });
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;
