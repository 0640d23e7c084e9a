import { defineAction } from '@flowline/connector-sdk';
import { z } from 'zod';
import {
  callTableApi,
  RecordOutputSchema,
  ServiceNowSettingsSchema,
  SysIdSchema,
  TableSchema,
  tableApiAuth,
} from '../tableApi';

export const addComment = defineAction({
  id: 'addComment',
  title: 'Add comment',
  description: 'Adds a work note (visible to agents) or a comment (visible to the caller) to a record.',
  credentials: tableApiAuth,
  settings: ServiceNowSettingsSchema,
  input: z.object({
    table: TableSchema,
    sysId: SysIdSchema,
    text: z.string().min(1).max(32_000).meta({ title: 'Text' }),
    // Journal fields: writing one appends an entry rather than replacing the field.
    field: z
      .enum(['work_notes', 'comments'])
      .default('work_notes')
      .meta({ title: 'Visibility', description: 'work_notes: agents only; comments: also the caller' }),
  }),
  output: RecordOutputSchema,
  run: (ctx, input) =>
    callTableApi(ctx, {
      method: 'PATCH',
      table: input.table,
      sysId: input.sysId,
      fields: { [input.field]: input.text },
    }),
});
