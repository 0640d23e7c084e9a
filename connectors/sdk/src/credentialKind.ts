import type { z } from 'zod';
import type { SafeHttpClient } from './http/clientTypes';
import type { TokenCache } from './tokenCache';

export type CredentialKindName =
  'none' | 'apiKey' | 'bearer' | 'basic' | 'oauth2ClientCredentials' | 'custom';

/** What a credential kind may use while authorizing a request. */
export interface AuthorizeEnv {
  /** Guarded client with the connector's base URL and no auth: for token endpoints. */
  readonly http: SafeHttpClient;
  readonly tokenCache: TokenCache;
  /** The connector's base URL, which a relative token URL resolves against. */
  readonly baseUrl?: string;
  /** Registers a secret derived at run time (an access token) so logs redact it too. */
  addSecret(secret: string): void;
  now(): number;
}

/** Headers a credential adds to an outgoing request. */
export type AuthHeaders = Readonly<Record<string, string>>;

/**
 * One way of authenticating: the schema of its (secret) values, and how those values turn into
 * request headers. Values are always parsed with `schema` before use.
 */
export interface CredentialKind<
  K extends CredentialKindName = CredentialKindName,
  S extends z.ZodType = z.ZodType,
> {
  readonly kind: K;
  readonly schema: S;
  readonly describe?: string;
  authorize(values: z.output<S>, env: AuthorizeEnv): Promise<AuthHeaders>;
  /**
   * The peer answered 401 to headers from `authorize`: forget whatever was cached so the next
   * `authorize` starts fresh. The HTTP client then re-sends the request once. Kinds whose headers
   * cannot change (API key, basic, bearer) leave it out, and their 401 is final.
   *
   * `refused` holds those headers as they were sent. With a shared cache another job may already
   * have replaced the refused token; forget the cached one only while it is still the refused one.
   * Callers from before `refused` existed leave it out: then forget whatever is cached.
   */
  rejected?(values: z.output<S>, env: AuthorizeEnv, refused?: AuthHeaders): void;
  /** Every value derived from the credential that must never reach a log line. */
  secretsOf(values: z.output<S>): string[];
}

/** The typed credential values an action receives as `ctx.credentials`. */
export type CredentialsOf<C extends CredentialKind> = z.output<C['schema']>;
