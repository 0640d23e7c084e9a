import { defineAction } from '@flowline/connector-sdk';
import { z } from 'zod';
import {
  callTableApi,
  RecordOutputSchema,
  ServiceNowSettingsSchema,
  SysIdSchema,
  TableFieldsSchema,
  TableSchema,
  tableApiAuth,
} from '../tableApi';

export const updateRecord = defineAction({
  id: 'updateRecord',
  title: 'Update record',
  description: 'Changes fields of an incident or change request; fields not named keep their values.',
  credentials: tableApiAuth,
  settings: ServiceNowSettingsSchema,
  input: z.object({ table: TableSchema, sysId: SysIdSchema, fields: TableFieldsSchema }),
  output: RecordOutputSchema,
  run: (ctx, input) => callTableApi(ctx, { method: 'PATCH', ...input }),
});
