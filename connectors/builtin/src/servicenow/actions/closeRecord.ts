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

// State values of the base system: incident 7 = Closed; change_request 3 = Closed.
const closedState = { incident: '7', change_request: '3' } as const;

const changeCloseCodes = ['successful', 'successful_issues', 'unsuccessful'];

// One object form (the designer renders inputs as forms); the per-table rule is a refinement.
const CloseInputSchema = z
  .object({
    table: TableSchema,
    sysId: SysIdSchema,
    closeCode: z.string().min(1).meta({
      title: 'Close code',
      description:
        'Incident: a resolution code choice, e.g. "Solved (Permanently)". Change request: successful, successful_issues or unsuccessful',
    }),
    closeNotes: z.string().min(1).max(4_000).meta({ title: 'Close notes' }),
  })
  .refine((v) => v.table !== 'change_request' || changeCloseCodes.includes(v.closeCode), {
    message: `A change request closes with ${changeCloseCodes.join(', ')}`,
    path: ['closeCode'],
  });

export const closeRecord = defineAction({
  id: 'closeRecord',
  title: 'Close record',
  description:
    'Closes an incident (state 7) or a change request (state 3) with a close code and close notes.',
  credentials: tableApiAuth,
  settings: ServiceNowSettingsSchema,
  input: CloseInputSchema,
  output: RecordOutputSchema,
  run: (ctx, input) =>
    callTableApi(ctx, {
      method: 'PATCH',
      table: input.table,
      sysId: input.sysId,
      fields: { state: closedState[input.table], close_code: input.closeCode, close_notes: input.closeNotes },
    }),
});
