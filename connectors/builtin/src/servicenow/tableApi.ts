import { credential, permanent, type ActionContext, type HttpMethod } from '@flowline/connector-sdk';
import { z } from 'zod';
import { findForbiddenKey, forbiddenKeyMessage } from '../validation/forbiddenKeys';
import { idempotencyHeader } from '../network/idempotencyHeader';

export const ServiceNowSettingsSchema = z.object({
  instanceUrl: z.url({ protocol: /^https?$/ }).meta({
    title: 'Instance URL',
    description: 'e.g. https://acme.service-now.com',
  }),
});

export const tableApiAuth = credential.basic({
  describe: 'A ServiceNow user with the itil role (or the tables’ ACLs)',
});

export const TableSchema = z.enum(['incident', 'change_request']).meta({ title: 'Table' });
export type Table = z.output<typeof TableSchema>;

/**
 * The tables a record may be created in: the ones above, and service requests (`sc_request`,
 * "REQ…"), which is how a request for goods (a new hire's laptop) is raised, not as an incident.
 */
export const CreatableTableSchema = z
  .enum(['incident', 'change_request', 'sc_request'])
  .meta({ title: 'Table' });
export type CreatableTable = z.output<typeof CreatableTableSchema>;

export const SysIdSchema = z
  .string()
  .regex(/^[0-9a-f]{32}$/, 'A sys_id is 32 hexadecimal characters')
  .meta({ title: 'sys_id' });

/** Field name → value, named as in the table's dictionary (`short_description`, `u_custom`). */
export const TableFieldsSchema = z
  .record(
    z.string().regex(/^[a-z][a-z0-9_]*$/, 'ServiceNow field names are lower-case letters, digits and _'),
    z.union([z.string(), z.number(), z.boolean(), z.null()]),
  )
  .refine((fields) => findForbiddenKey(fields) === undefined, { message: forbiddenKeyMessage })
  .meta({ title: 'Fields', description: 'Field name → value, e.g. {"short_description": "VPN down"}' });

const RecordEnvelopeSchema = z.object({
  result: z.looseObject({ sys_id: z.string(), number: z.string().optional() }),
});

export const RecordOutputSchema = z.object({
  sysId: z.string().meta({ title: 'sys_id' }),
  number: z.string().optional().meta({ title: 'Number' }),
  record: z.record(z.string(), z.unknown()).meta({ title: 'Record', description: 'Every field as returned' }),
});
export type RecordOutput = z.output<typeof RecordOutputSchema>;

type TableContext = ActionContext<unknown, z.output<typeof ServiceNowSettingsSchema>>;

/**
 * One Table API call (`/api/now/table/{table}[/{sys_id}]`) that answers `{ result: {...} }`. Reference
 * fields come back as plain sys_ids, so outputs hold no links back into the instance.
 */
export async function callTableApi(
  ctx: TableContext,
  request: { method: HttpMethod; table: CreatableTable; sysId?: string; fields: Record<string, unknown> },
): Promise<RecordOutput> {
  const path = `/api/now/table/${request.table}${request.sysId === undefined ? '' : `/${request.sysId}`}`;
  const res = await ctx.http.request(request.method, path, {
    query: { sysparm_exclude_reference_link: true },
    json: request.fields,
    headers: { accept: 'application/json', [idempotencyHeader]: ctx.idempotencyKey },
  });
  const body = RecordEnvelopeSchema.safeParse(await res.json());
  if (!body.success) {
    throw permanent('UNEXPECTED_RESPONSE', `ServiceNow answered ${path} without a { result } record`);
  }
  const { result } = body.data;
  return {
    sysId: result.sys_id,
    ...(result.number === undefined ? {} : { number: result.number }),
    record: result,
  };
}
