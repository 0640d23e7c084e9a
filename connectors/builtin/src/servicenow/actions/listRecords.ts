import { defineAction, permanent } from '@flowline/connector-sdk';
import { z } from 'zod';
import { ServiceNowSettingsSchema, TableSchema, tableApiAuth } from '../tableApi';

const FieldNameSchema = z.string().regex(/^[a-z][a-z0-9_.]*$/, 'A field name, e.g. short_description');

const ListEnvelopeSchema = z.object({
  result: z.array(z.looseObject({ sys_id: z.string() })),
});

export const listRecords = defineAction({
  id: 'listRecords',
  title: 'List records',
  description:
    'Reads the incidents or change requests matching an encoded query (e.g. active=true^ORDERBYstart_date), at most limit of them.',
  credentials: tableApiAuth,
  settings: ServiceNowSettingsSchema,
  input: z.object({
    table: TableSchema,
    query: z.string().max(2_000).default('active=true').meta({
      title: 'Query',
      description: 'A ServiceNow encoded query, as the list view’s “Copy query” gives it',
    }),
    fields: z.array(FieldNameSchema).max(50).default([]).meta({
      title: 'Fields',
      description: 'The fields to return (sys_id always); none: every field',
    }),
    limit: z.int().min(1).max(1_000).default(100).meta({ title: 'Limit' }),
  }),
  output: z.object({
    records: z.array(z.record(z.string(), z.unknown())).meta({ title: 'Records' }),
    count: z.int().meta({ title: 'How many' }),
  }),
  async run(ctx, input) {
    const fields = input.fields.length === 0 ? undefined : ['sys_id', ...input.fields].join(',');
    const res = await ctx.http.get(`/api/now/table/${input.table}`, {
      query: {
        sysparm_query: input.query,
        sysparm_limit: input.limit,
        sysparm_exclude_reference_link: true,
        ...(fields === undefined ? {} : { sysparm_fields: fields }),
      },
      headers: { accept: 'application/json' },
    });
    const body = ListEnvelopeSchema.safeParse(await res.json());
    if (!body.success) {
      throw permanent(
        'UNEXPECTED_RESPONSE',
        `ServiceNow answered the ${input.table} list without a { result } list`,
      );
    }
    return { records: body.data.result, count: body.data.result.length };
  },
});
