import type { Catalog } from '../catalog';

/** A catalog with generic test actions, for engine tests that need task nodes. */
export const testCatalog: Catalog = {
  connectors: [
    {
      id: 'test',
      title: 'Test',
      actions: [
        {
          id: 'noop',
          title: 'No-op',
          input: { type: 'object', properties: { value: {} } },
          output: { type: 'object' },
        },
        {
          id: 'createTicket',
          title: 'Create ticket',
          input: {
            type: 'object',
            properties: { title: { type: 'string' }, priority: { type: 'string', default: '3' } },
            required: ['title', 'priority'],
          },
          output: { type: 'object', properties: { id: { type: 'string' } } },
        },
      ],
    },
  ],
};
