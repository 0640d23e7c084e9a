import { z } from 'zod';
import type { AuthHeaders, CredentialKind } from './credentialKind';
import { oauth2ClientCredentials } from './oauth2ClientCredentials';
import { writeOnlySecrets } from './writeOnlySecrets';

interface Describe {
  readonly describe?: string;
}

const secret = (title: string) => z.string().min(1).meta({ title, writeOnly: true });
const described = (options: Describe) =>
  options.describe === undefined ? {} : { describe: options.describe };
const headers = (value: AuthHeaders) => Promise.resolve(value);

const noneSchema = z.object({});
const bearerSchema = z.object({ token: secret('Token') });
const basicSchema = z.object({
  username: z.string().min(1).meta({ title: 'Username' }),
  password: secret('Password'),
});
const apiKeySchema = z.object({ apiKey: secret('API key') });

function none(): CredentialKind<'none', typeof noneSchema> {
  return Object.freeze({
    kind: 'none' as const,
    schema: noneSchema,
    authorize: () => headers({}),
    secretsOf: () => [],
  });
}

function bearer(options: Describe = {}): CredentialKind<'bearer', typeof bearerSchema> {
  return Object.freeze({
    kind: 'bearer' as const,
    schema: bearerSchema,
    ...described(options),
    authorize: (values: z.output<typeof bearerSchema>) =>
      headers({ authorization: `Bearer ${values.token}` }),
    secretsOf: (values: z.output<typeof bearerSchema>) => [values.token],
  });
}

function basic(options: Describe = {}): CredentialKind<'basic', typeof basicSchema> {
  const encode = (v: z.output<typeof basicSchema>) =>
    Buffer.from(`${v.username}:${v.password}`).toString('base64');
  return Object.freeze({
    kind: 'basic' as const,
    schema: basicSchema,
    ...described(options),
    authorize: (values: z.output<typeof basicSchema>) =>
      headers({ authorization: `Basic ${encode(values)}` }),
    // The encoded pair is as secret as the password: it is what travels in the header.
    secretsOf: (values: z.output<typeof basicSchema>) => [values.password, encode(values)],
  });
}

interface ApiKeyOptions extends Describe {
  /** Header that carries the key; defaults to `X-API-Key`. */
  readonly header?: string;
  /** Text put before the key, e.g. `'Token '`. */
  readonly prefix?: string;
}

function apiKey(options: ApiKeyOptions = {}): CredentialKind<'apiKey', typeof apiKeySchema> {
  const header = (options.header ?? 'X-API-Key').toLowerCase();
  return Object.freeze({
    kind: 'apiKey' as const,
    schema: apiKeySchema,
    ...described(options),
    authorize: (values: z.output<typeof apiKeySchema>) =>
      headers({ [header]: `${options.prefix ?? ''}${values.apiKey}` }),
    secretsOf: (values: z.output<typeof apiKeySchema>) => [values.apiKey],
  });
}

interface CustomOptions<S extends z.ZodType> extends Describe {
  /** Turns the values into request headers; omit when the action authenticates by itself. */
  readonly headers?: (values: z.output<S>) => AuthHeaders;
}

function custom<S extends z.ZodType>(schema: S, options: CustomOptions<S> = {}): CredentialKind<'custom', S> {
  // The fields marked writeOnly are the secret ones; with none marked, every string is.
  const secretsOf = writeOnlySecrets(schema);
  return Object.freeze({
    kind: 'custom' as const,
    schema,
    ...described(options),
    authorize: (values: z.output<S>) => headers(options.headers?.(values) ?? {}),
    secretsOf: (values: z.output<S>) => secretsOf(values),
  });
}

/**
 * The credential kinds a connector can declare. Each knows its value schema (typed into
 * `ctx.credentials`, rendered as a form) and how to authorize an outgoing request.
 *
 * @example
 * const auth = credential.basic({ describe: 'A ServiceNow user with the itil role' });
 * const key = credential.apiKey({ header: 'X-Api-Token' });
 * const jira = credential.custom(z.object({ email: z.email(), apiToken: z.string() }), {
 *   headers: (v) => ({ authorization: `Basic ${btoa(`${v.email}:${v.apiToken}`)}` }),
 * });
 */
export const credential = Object.freeze({ none, apiKey, bearer, basic, oauth2ClientCredentials, custom });

export type NoneCredential = ReturnType<typeof none>;
