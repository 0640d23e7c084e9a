import type { z } from 'zod';
import type { ActionContext } from './context';
import type { CredentialKind, CredentialsOf } from './credentialKind';
import { credential, type NoneCredential } from './credential';
import { EmptySettingsSchema, type Action, type AnyAction, type EmptySettings } from './defineAction';
import { ConnectorDefinitionError } from './definitionError';
import { isConnectorId, isVersion } from './idRules';
import { checkSchema } from './schemaCheck';

/** An action that fits a connector: same credential kind (or none) and same settings (or none). */
export type ActionFor<C extends CredentialKind, S extends z.ZodType> = Action<
  string,
  z.ZodType,
  z.ZodType,
  C | NoneCredential,
  S | EmptySettings
>;

export interface ConnectorDefinition<
  Id extends string,
  C extends CredentialKind,
  S extends z.ZodType,
  A extends readonly ActionFor<C, S>[],
> {
  /** kebab-case, stable forever. */
  readonly id: Id;
  readonly title: string;
  /** Semantic version of the connector's contract. */
  readonly version: string;
  readonly description?: string;
  readonly credentials?: C;
  readonly settings?: S;
  /** Where relative request paths go; the guard still checks whatever this returns. */
  baseUrl?(settings: z.output<S>): string;
  /** Cheap call proving settings and credentials work ("test connection"). */
  check?(ctx: ActionContext<CredentialsOf<C>, z.output<S>>): Promise<void>;
  readonly actions: A;
}

/** A defined, frozen connector. */
export interface Connector<
  Id extends string,
  C extends CredentialKind,
  S extends z.ZodType,
  A extends readonly AnyAction[],
> {
  readonly id: Id;
  readonly title: string;
  readonly version: string;
  readonly description?: string;
  readonly credentials: C;
  readonly settings: S;
  baseUrl?(settings: z.output<S>): string;
  check?(ctx: ActionContext<CredentialsOf<C>, z.output<S>>): Promise<void>;
  readonly actions: A;
}

/** Any connector, as the runtime's registry holds it. */
export type AnyConnector = Connector<string, CredentialKind, z.ZodType, readonly AnyAction[]>;
/** The action ids of a connector, as a union of literals when known. */
export type ActionIdOf<K extends AnyConnector> = K['actions'][number]['id'];
/** The action with a given id. */
export type ActionOf<K extends AnyConnector, Id extends string> = Extract<K['actions'][number], { id: Id }>;

const kindNames = new Set(['none', 'apiKey', 'bearer', 'basic', 'oauth2ClientCredentials', 'custom']);

function fail(code: ConstructorParameters<typeof ConnectorDefinitionError>[0], message: string): never {
  throw new ConnectorDefinitionError(code, message);
}

function checkActionFits(
  connector: { id: string; credentials: CredentialKind; settings: z.ZodType },
  action: AnyAction,
) {
  const own = action.credentials;
  const fits =
    own === connector.credentials ||
    own.kind === 'none' ||
    (own.kind === connector.credentials.kind && own.kind !== 'custom');
  if (!fits) {
    fail(
      'CREDENTIAL_MISMATCH',
      `Action "${action.id}" declares ${own.kind} credentials but connector "${connector.id}" uses ` +
        `${connector.credentials.kind}; give both the same credential value`,
    );
  }
  if (action.settings !== connector.settings && action.settings !== EmptySettingsSchema) {
    fail(
      'SETTINGS_MISMATCH',
      `Action "${action.id}" declares a settings schema other than connector "${connector.id}"'s; import the same one`,
    );
  }
}

/**
 * Declares a connector. Ids, version and action fit are checked now, so a broken connector fails
 * when its module loads; the result is frozen.
 *
 * @example
 * export const servicenow = defineConnector({
 *   id: 'servicenow',
 *   title: 'ServiceNow',
 *   version: '1.0.0',
 *   settings: Settings,
 *   credentials: tableApiAuth,
 *   baseUrl: (settings) => settings.instanceUrl,
 *   actions: [createIncident, addComment],
 * });
 */
export function defineConnector<
  const Id extends string,
  const A extends readonly ActionFor<C, S>[],
  C extends CredentialKind = NoneCredential,
  S extends z.ZodType = EmptySettings,
>(definition: ConnectorDefinition<Id, C, S, A>): Connector<Id, C, S, A> {
  const { id, title, version, actions } = definition;
  if (!isConnectorId(id))
    fail('INVALID_CONNECTOR_ID', `Connector id "${id}" must be kebab-case (e.g. "microsoft-teams")`);
  if (!title?.trim()) fail('MISSING_TITLE', `Connector "${id}" needs a title`);
  if (!isVersion(version)) fail('INVALID_VERSION', `Connector "${id}" version "${version}" is not x.y.z`);
  const credentials = (definition.credentials ?? credential.none()) as C;
  const settings = (definition.settings ?? EmptySettingsSchema) as S;
  if (!kindNames.has(credentials.kind))
    fail('INVALID_CREDENTIAL', `Connector "${id}" has an unknown credential kind`);
  checkSchema(settings, 'input', `Connector "${id}"'s settings`, { form: true });
  checkSchema(credentials.schema, 'input', `Connector "${id}"'s credentials`, { form: true });
  if (actions.length === 0) fail('NO_ACTIONS', `Connector "${id}" declares no actions`);

  const seen = new Set<string>();
  for (const action of actions) {
    if (seen.has(action.id))
      fail('DUPLICATE_ACTION_ID', `Connector "${id}" declares action "${action.id}" twice`);
    seen.add(action.id);
    checkActionFits({ id, credentials, settings }, action);
  }

  return Object.freeze({
    id,
    title,
    version,
    ...(definition.description === undefined ? {} : { description: definition.description }),
    credentials,
    settings,
    ...(definition.baseUrl === undefined ? {} : { baseUrl: definition.baseUrl.bind(definition) }),
    ...(definition.check === undefined ? {} : { check: definition.check.bind(definition) }),
    actions: Object.freeze([...actions]) as unknown as A,
  });
}
