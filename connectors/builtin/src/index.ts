/**
 * @flowline/connectors — the built-in connectors: HTTP, e-mail (SMTP), Slack, Teams, ServiceNow,
 * Jira, SCIM 2.0 and MongoDB, each a plain `defineConnector` value. (Data shaping is the engine's
 * native transform node: a connector that evaluated expressions from its input let run-time data
 * become code.)
 *
 * Promises: every outbound connection obeys the operator's network policy (the SDK's guarded HTTP
 * client, or the same SSRF guard with a pinned address for SMTP and MongoDB sockets); secrets live
 * in credentials, never settings; failures are classified retryable or permanent.
 * Never: evaluates JavaScript, takes expressions from run-time data, or reads the environment.
 */
import type { AnyConnector } from '@flowline/connector-sdk';
import { createEmailConnector } from './email/index';
import { http, httpOAuth2 } from './http/index';
import { jira } from './jira/index';
import { createMongodbConnector } from './mongodb/index';
import type { HostGuardOptions } from './network/hostGuard';
import { scim } from './scim/index';
import { servicenow } from './servicenow/index';
import { slack } from './slack/index';
import { teams } from './teams/index';

export { createEmailConnector, email } from './email/index';
export { http, httpOAuth2 } from './http/index';
export { jira } from './jira/index';
export { createMongodbConnector, mongodb } from './mongodb/index';
export type { HostGuardOptions } from './network/hostGuard';
export { scim } from './scim/index';
export { servicenow } from './servicenow/index';
export { slack } from './slack/index';
export { teams } from './teams/index';

/**
 * The built-ins for one network policy. HTTP-based connectors get the policy per attempt from the
 * runtime (`executeAction({ network })`); e-mail and MongoDB open their own sockets, which the
 * SDK's context does not cover, so they take it here. Pass the same policy to both.
 *
 * @example
 * const registry = createBuiltinConnectors({ network: config.network });
 */
export function createBuiltinConnectors(guard: HostGuardOptions = {}): readonly AnyConnector[] {
  return Object.freeze([
    http,
    httpOAuth2,
    createEmailConnector(guard),
    slack,
    teams,
    servicenow,
    jira,
    scim,
    createMongodbConnector(guard),
  ]);
}

/** The built-ins with the default policy: public addresses only. */
export const builtinConnectors: readonly AnyConnector[] = createBuiltinConnectors();
