import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import type { ActionContext } from './context';
import { credential } from './credential';
import { defineAction } from './defineAction';
import { defineConnector, type ActionIdOf, type AnyConnector } from './defineConnector';

const Settings = z.object({ instanceUrl: z.url() });
const auth = credential.basic();

describe('types flow from schemas to run()', () => {
  it('types ctx.credentials from the credential kind and input from the input schema', () => {
    defineAction({
      id: 'createIncident',
      title: 'Create incident',
      description: 'Opens an incident.',
      credentials: auth,
      settings: Settings,
      input: z.object({ shortDescription: z.string(), urgency: z.enum(['1', '2', '3']).default('3') }),
      output: z.object({ sysId: z.string() }),
      async run(ctx, input) {
        expectTypeOf(ctx.credentials).toEqualTypeOf<{ username: string; password: string }>();
        expectTypeOf(ctx.settings).toEqualTypeOf<{ instanceUrl: string }>();
        expectTypeOf(input).toEqualTypeOf<{ shortDescription: string; urgency: '1' | '2' | '3' }>();
        expectTypeOf(ctx.idempotencyKey).toBeString();
        return { sysId: 'a1' };
      },
    });
  });

  it('types each credential kind', () => {
    defineAction({
      id: 'a',
      title: 'A',
      description: 'A.',
      credentials: credential.apiKey({ header: 'X-Token' }),
      input: z.object({}),
      output: z.object({}),
      async run(ctx) {
        expectTypeOf(ctx.credentials).toEqualTypeOf<{ apiKey: string }>();
        return {};
      },
    });
    defineAction({
      id: 'b',
      title: 'B',
      description: 'B.',
      credentials: credential.bearer(),
      input: z.object({}),
      output: z.object({}),
      async run(ctx) {
        expectTypeOf(ctx.credentials).toEqualTypeOf<{ token: string }>();
        return {};
      },
    });
    defineAction({
      id: 'c',
      title: 'C',
      description: 'C.',
      credentials: credential.custom(z.object({ email: z.email(), apiToken: z.string() })),
      input: z.object({}),
      output: z.object({}),
      async run(ctx) {
        expectTypeOf(ctx.credentials).toEqualTypeOf<{ email: string; apiToken: string }>();
        return {};
      },
    });
    defineAction({
      id: 'd',
      title: 'D',
      description: 'D.',
      credentials: credential.oauth2ClientCredentials({ tokenUrl: '/oauth/token' }),
      input: z.object({}),
      output: z.object({}),
      async run(ctx) {
        expectTypeOf(ctx.credentials.clientId).toBeString();
        expectTypeOf(ctx.credentials.tokenUrl).toBeString();
        return {};
      },
    });
  });

  it('rejects a return value that does not fit the output schema', () => {
    defineAction({
      id: 'wrongOutput',
      title: 'Wrong',
      description: 'Returns the wrong shape.',
      input: z.object({}),
      output: z.object({ count: z.number() }),
      // @ts-expect-error count must be a number
      async run() {
        return { count: 'three' };
      },
    });
  });

  it('keeps action ids as literals on the connector', () => {
    const ping = defineAction({
      id: 'ping',
      title: 'Ping',
      description: 'Pings.',
      input: z.object({}),
      output: z.object({}),
      run: async () => ({}),
    });
    const connector = defineConnector({ id: 'pinger', title: 'Pinger', version: '1.0.0', actions: [ping] });
    expectTypeOf<ActionIdOf<typeof connector>>().toEqualTypeOf<'ping'>();
    expectTypeOf(connector).toExtend<AnyConnector>();
  });

  it('refuses an action whose credential kind differs from the connector', () => {
    const bearerAction = defineAction({
      id: 'x',
      title: 'X',
      description: 'X.',
      credentials: credential.bearer(),
      input: z.object({}),
      output: z.object({}),
      run: async () => ({}),
    });
    const mixed = {
      id: 'mixed',
      title: 'Mixed',
      version: '1.0.0',
      credentials: auth,
      actions: [bearerAction],
    };
    // @ts-expect-error a bearer action does not fit a basic-auth connector
    expect(() => defineConnector(mixed)).toThrow(/declares bearer credentials/);
  });

  it('gives check() the connector context type', () => {
    expectTypeOf<ActionContext<{ a: string }, object>['credentials']>().toEqualTypeOf<{ a: string }>();
  });
});
