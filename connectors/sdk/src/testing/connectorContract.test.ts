import { z } from 'zod';
import { credential } from '../credential';
import { defineAction } from '../defineAction';
import { defineConnector } from '../defineConnector';
import { describeConnectorContract } from './connectorContract';

const auth = credential.bearer();
const Settings = z.object({ baseUrl: z.url() });

const sample = defineConnector({
  id: 'sample-desk',
  title: 'Sample desk',
  version: '0.1.0',
  credentials: auth,
  settings: Settings,
  baseUrl: (s) => s.baseUrl,
  check: async (ctx) => {
    await ctx.http.get('/health');
  },
  actions: [
    defineAction({
      id: 'openTicket',
      title: 'Open ticket',
      description: 'Opens a ticket.',
      credentials: auth,
      settings: Settings,
      input: z.object({ subject: z.string() }),
      output: z.object({ id: z.string() }),
      run: async () => ({ id: 't1' }),
    }),
    defineAction({
      id: 'echo',
      title: 'Echo',
      description: 'Returns its input without calling anything.',
      input: z.object({ text: z.string() }),
      output: z.object({ text: z.string() }),
      run: async (_ctx, input) => input,
    }),
  ],
});

describeConnectorContract(sample);
