import { defineAction } from '@flowline/connector-sdk';
import { z } from 'zod';
import {
  callTableApi,
  CreatableTableSchema,
  RecordOutputSchema,
  ServiceNowSettingsSchema,
  TableFieldsSchema,
  tableApiAuth,
} from '../tableApi';

export const createRecord = defineAction({
  id: 'createRecord',
  title: 'Create record',
  description:
    'Creates an incident, change request or service request through the Table API and returns its sys_id and number.',
  credentials: tableApiAuth,
  settings: ServiceNowSettingsSchema,
  input: z.object({ table: CreatableTableSchema, fields: TableFieldsSchema }),
  output: RecordOutputSchema,
  run: (ctx, input) => callTableApi(ctx, { method: 'POST', table: input.table, fields: input.fields }),
});
