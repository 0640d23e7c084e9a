// Loaded INTO the runtime process (FLOWLINE_CONNECTORS) by the designer benchmark: one action that
// takes and returns an empty object, so a generated workflow's tasks are valid against the catalog.
import { defineAction, defineConnector, EmptySettingsSchema } from '@flowline/connector-sdk';

const noop = defineAction({
  id: 'noop',
  title: 'Do nothing',
  description: 'Returns an empty object (the designer benchmark’s generated tasks call it)',
  input: EmptySettingsSchema,
  output: EmptySettingsSchema,
  run: async () => ({}),
});

export const connector = defineConnector({
  id: 'bench',
  title: 'Benchmark',
  version: '1.0.0',
  actions: [noop],
});
