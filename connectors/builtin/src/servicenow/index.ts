import { defineConnector } from '@flowline/connector-sdk';
import { addComment } from './actions/addComment';
import { closeRecord } from './actions/closeRecord';
import { createRecord } from './actions/createRecord';
import { listRecords } from './actions/listRecords';
import { updateRecord } from './actions/updateRecord';
import { ServiceNowSettingsSchema, tableApiAuth } from './tableApi';

export const servicenow = defineConnector({
  id: 'servicenow',
  title: 'ServiceNow',
  version: '1.0.0',
  description:
    'Create, update, comment on, close and list incidents and change requests through the Table API.',
  credentials: tableApiAuth,
  settings: ServiceNowSettingsSchema,
  baseUrl: (settings) => settings.instanceUrl,
  check: async (ctx) => {
    await ctx.http.get('/api/now/table/incident', { query: { sysparm_limit: 1, sysparm_fields: 'sys_id' } });
  },
  actions: [createRecord, updateRecord, addComment, closeRecord, listRecords],
});
