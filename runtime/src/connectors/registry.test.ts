import { defineAction, defineConnector } from '@flowline/connector-sdk';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createConnectorRegistry } from './registry';

const ping = defineAction({
  id: 'ping',
  title: 'Ping',
  description: 'Answers pong.',
  input: z.object({}),
  output: z.object({ pong: z.boolean() }),
  run: async () => ({ pong: true }),
});
const connectorTitled = (title: string) =>
  defineConnector({ id: 'http', title, version: '1.0.0', actions: [ping] });

describe('connector registry', () => {
  it('refuses a second connector with an id already taken, naming both by title', () => {
    expect(() => createConnectorRegistry([connectorTitled('HTTP'), connectorTitled('Acme HTTP')])).toThrow(
      'Two connectors have the id "http" ("HTTP" and "Acme HTTP"): workflows name a connector by its id, ' +
        'so each needs its own; give the later one another id',
    );
  });

  it('lists each connector once in the catalog', () => {
    expect(
      createConnectorRegistry([connectorTitled('HTTP')])
        .entries()
        .map((entry) => entry.id),
    ).toEqual(['http']);
  });
});
