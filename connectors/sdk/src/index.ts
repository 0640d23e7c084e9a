/**
 * @flowline/connector-sdk — write a connector in one typed file.
 *
 * Promises: a connector is data plus `run` functions; zod schemas give its types, validation and
 * designer forms from one definition; `executeAction` never throws and classifies every failure as
 * retryable or permanent; outbound HTTP goes through an SSRF guard that is on by default (connection
 * pinned to the vetted address, every redirect re-checked); credential values never reach a log.
 *
 * Never: imports the engine or the runtime, reads the environment, files or a clock of its own,
 * evaluates code from a workflow, or retries by itself (retry policy belongs to the runtime).
 */
export { defineConnector } from './defineConnector';
export type {
  ActionFor,
  ActionIdOf,
  ActionOf,
  AnyConnector,
  Connector,
  ConnectorDefinition,
} from './defineConnector';
export { defineAction, EmptySettingsSchema } from './defineAction';
export type {
  Action,
  ActionDefinition,
  ActionInput,
  ActionOutput,
  AnyAction,
  EmptySettings,
} from './defineAction';
export { credential, type NoneCredential } from './credential';
export type {
  AuthHeaders,
  AuthorizeEnv,
  CredentialKind,
  CredentialKindName,
  CredentialsOf,
} from './credentialKind';
export type {
  OAuth2ClientCredentials,
  OAuth2ClientCredentialsOptions,
  OAuth2ClientCredentialsSchema,
} from './oauth2ClientCredentials';
export { createTokenCache, type CachedToken, type TokenCache } from './tokenCache';
export type { ActionContext, StepRef } from './context';
export { silentLogger, type LogFields, type Logger } from './logger';
export { collectSecretStrings, createRedactor, redactLogger, type Redactor } from './redaction';
export { ConnectorError, isConnectorError, permanent, retryable, type ConnectorErrorOptions } from './errors';
export { ConnectorDefinitionError, type DefinitionErrorCode } from './definitionError';
export { schemaFailure, toConnectorError, toFieldIssues, type FieldIssue } from './classifyError';
export { ActionFailureSchema, type ActionFailure, type ActionResult } from './actionResult';
export { executeAction, type ExecuteActionOptions, type OutputOf } from './executeAction';
export { checkConnection } from './checkConnection';
export type { AttemptOptions } from './prepareAttempt';
export { parseDuration, type Duration } from './duration';
export {
  CatalogActionSchema,
  CatalogEntrySchema,
  JsonSchemaSchema,
  toCatalogEntry,
  type CatalogAction,
  type CatalogEntry,
  type JsonSchema,
} from './catalog';
export { createSafeHttpClient, type SafeHttpClientOptions } from './http/safeHttpClient';
export type {
  HttpMethod,
  HttpResponse,
  QueryValue,
  RequestOptions,
  SafeHttpClient,
} from './http/clientTypes';
export { createSsrfGuard, type LookupAddresses, type SsrfGuard, type VettedTarget } from './http/ssrfGuard';
export { NetworkPolicySchema, type NetworkPolicy } from './http/networkPolicy';
export { classifyAddress, type AddressClass } from './http/addressRanges';
