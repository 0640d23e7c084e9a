/**
 * Test fixtures for the model: the access-approval example as parsed definition (frozen as it was
 * before it provisioned through SCIM, so the model tests keep their known graph), a connector
 * catalog shaped like GET /api/connectors answers, and definitions with random layouts.
 */
import fc from 'fast-check';
import { WorkflowDefinitionSchema, type Catalog, type WorkflowDefinition } from '@flowline/engine';
import { validDefinition } from '@flowline/engine/testing';
import accessApprovalDocument from '../../../../examples/src/testing/accessApprovalV1.json' with { type: 'json' };

export const accessApproval = (): WorkflowDefinition =>
  WorkflowDefinitionSchema.parse(accessApprovalDocument);

/** Two connectors as the runtime lists them (ids, titles, descriptions, JSON Schemas). */
export const fixtureCatalog: Catalog = {
  connectors: [
    {
      id: 'servicenow',
      title: 'ServiceNow',
      actions: [
        {
          id: 'createIncident',
          title: 'Create incident',
          description: 'Opens an incident ticket in ServiceNow and returns its number',
          input: {
            type: 'object',
            properties: {
              shortDescription: { type: 'string' },
              urgency: { type: 'integer', minimum: 1, maximum: 3, default: 3 },
            },
            required: ['shortDescription'],
          },
          output: {
            type: 'object',
            properties: {
              sysId: { type: 'string' },
              number: { type: 'string', examples: ['INC0010001'] },
              state: { type: 'string', enum: ['new', 'in_progress', 'resolved'] },
              openedAt: { type: 'string', format: 'date-time' },
            },
            required: ['sysId', 'number'],
            additionalProperties: false,
          },
        },
      ],
    },
    {
      id: 'email',
      title: 'E-mail',
      actions: [
        {
          id: 'send',
          title: 'Send e-mail',
          description: 'Sends a message to one or more recipients over SMTP',
          input: {
            type: 'object',
            properties: {
              to: { type: 'array', items: { type: 'string' } },
              subject: { type: 'string' },
              body: { type: 'string' },
            },
            required: ['to', 'subject'],
          },
          output: {
            type: 'object',
            properties: {
              messageId: { type: 'string' },
              accepted: { type: 'array', items: { type: 'string' } },
            },
            additionalProperties: false,
          },
        },
      ],
    },
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
      ],
    },
  ],
};

const position = fc.record({
  x: fc.integer({ min: -2000, max: 2000 }),
  y: fc.double({ min: -2000, max: 2000, noNaN: true }),
});

const note = fc.record(
  {
    x: fc.integer({ min: -500, max: 500 }),
    y: fc.integer({ min: -500, max: 500 }),
    note: fc.string({ maxLength: 40 }),
    width: fc.integer({ min: 80, max: 400 }),
    height: fc.integer({ min: 60, max: 300 }),
    color: fc.constantFrom('yellow' as const, 'blue' as const),
  },
  { requiredKeys: ['x', 'y', 'note'] },
);

/** Generated valid definitions, some nodes positioned, with a few sticky notes. */
export const definitionWithLayout: fc.Arbitrary<WorkflowDefinition> = fc
  .tuple(validDefinition, fc.array(fc.option(position), { maxLength: 40 }), fc.array(note, { maxLength: 3 }))
  .map(([doc, positions, notes]) => {
    const definition = WorkflowDefinitionSchema.parse(doc);
    const layout: WorkflowDefinition['layout'] = {};
    definition.nodes.forEach((node, i) => {
      const p = positions[i];
      if (p) layout[node.id] = { ...p }; // fast-check records have no prototype
    });
    notes.forEach((n, i) => (layout[`note-${i + 1}`] = { ...n }));
    return { ...definition, layout };
  });
