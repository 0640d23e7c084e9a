import { z } from 'zod';
import type { ActionContext } from './context';
import type { CredentialKind, CredentialsOf } from './credentialKind';
import { credential, type NoneCredential } from './credential';
import { ConnectorDefinitionError } from './definitionError';
import { parseDuration, type Duration } from './duration';
import { isActionId } from './idRules';
import { checkSchema } from './schemaCheck';

/** Settings schema used by actions and connectors that declare none. */
export const EmptySettingsSchema = z.object({});
export type EmptySettings = typeof EmptySettingsSchema;

const defaultTimeoutMs = 30_000;
const noCredential = credential.none();

/** What an author writes. `credentials` and `settings` are the connector's, repeated so types flow. */
export interface ActionDefinition<
  Id extends string,
  I extends z.ZodType,
  O extends z.ZodType,
  C extends CredentialKind,
  S extends z.ZodType,
> {
  /** camelCase, stable forever: workflows reference `connector.actionId`. */
  readonly id: Id;
  readonly title: string;
  readonly description: string;
  readonly input: I;
  readonly output: O;
  readonly credentials?: C;
  readonly settings?: S;
  /** Per-attempt timeout; default 30s. */
  readonly timeout?: Duration;
  run(ctx: ActionContext<CredentialsOf<C>, z.output<S>>, input: z.output<I>): Promise<z.input<O>>;
}

/** A defined, frozen action. */
export interface Action<
  Id extends string,
  I extends z.ZodType,
  O extends z.ZodType,
  C extends CredentialKind,
  S extends z.ZodType,
> {
  readonly id: Id;
  readonly title: string;
  readonly description: string;
  readonly input: I;
  readonly output: O;
  readonly credentials: C;
  readonly settings: S;
  readonly timeoutMs: number;
  run(ctx: ActionContext<CredentialsOf<C>, z.output<S>>, input: z.output<I>): Promise<z.input<O>>;
}

/** Any action, as the runtime and catalog see it. */
export type AnyAction = Action<string, z.ZodType, z.ZodType, CredentialKind, z.ZodType>;

/** The parsed input type of an action. */
export type ActionInput<A extends AnyAction> = z.output<A['input']>;
/** The validated output type of an action. */
export type ActionOutput<A extends AnyAction> = z.output<A['output']>;

/**
 * Declares one action: schemas give the types of `input`, the return value and `ctx.credentials`,
 * plus validation and the designer's form. No I/O happens here.
 *
 * @example
 * export const addComment = defineAction({
 *   id: 'addComment',
 *   title: 'Add comment',
 *   description: 'Adds a work note to a record.',
 *   credentials: tableApiAuth,
 *   input: z.object({ sysId: z.string(), text: z.string().min(1) }),
 *   output: z.object({ ok: z.literal(true) }),
 *   async run(ctx, input) {
 *     await ctx.http.patch(`/api/now/table/incident/${input.sysId}`, { json: { work_notes: input.text } });
 *     return { ok: true };
 *   },
 * });
 */
export function defineAction<
  const Id extends string,
  I extends z.ZodType,
  O extends z.ZodType,
  C extends CredentialKind = NoneCredential,
  S extends z.ZodType = EmptySettings,
>(definition: ActionDefinition<Id, I, O, C, S>): Action<Id, I, O, C, S> {
  if (!isActionId(definition.id)) {
    throw new ConnectorDefinitionError(
      'INVALID_ACTION_ID',
      `Action id "${definition.id}" must be camelCase letters and digits, starting with a lower-case letter`,
    );
  }
  if (!definition.title?.trim()) {
    throw new ConnectorDefinitionError('MISSING_TITLE', `Action "${definition.id}" needs a title`);
  }
  if (!definition.description?.trim()) {
    throw new ConnectorDefinitionError(
      'MISSING_DESCRIPTION',
      `Action "${definition.id}" needs a description`,
    );
  }
  const timeoutMs = definition.timeout === undefined ? defaultTimeoutMs : parseDuration(definition.timeout);
  if (timeoutMs === undefined) {
    throw new ConnectorDefinitionError(
      'INVALID_TIMEOUT',
      `Action "${definition.id}" has timeout ${JSON.stringify(definition.timeout)}; use e.g. 30000 or '30s'`,
    );
  }
  checkSchema(definition.input, 'input', `Action "${definition.id}"'s input`, { form: true });
  checkSchema(definition.output, 'output', `Action "${definition.id}"'s output`, { form: false });
  const run = definition.run.bind(definition);
  return Object.freeze({
    id: definition.id,
    title: definition.title,
    description: definition.description,
    input: definition.input,
    output: definition.output,
    // The defaults are the runtime values matching the NoneCredential / EmptySettings type defaults.
    credentials: (definition.credentials ?? noCredential) as C,
    settings: (definition.settings ?? EmptySettingsSchema) as S,
    timeoutMs,
    run,
  });
}
