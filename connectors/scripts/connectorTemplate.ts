/** The files `pnpm create-connector <name>` writes: a working connector with one action and its test. */
export function connectorFiles(
  id: string,
  baseTsconfig = '../../tsconfig.base.json',
): Record<string, string> {
  const camel = id.replace(/-([a-z0-9])/g, (_m, ch: string) => ch.toUpperCase());
  const title = id
    .split('-')
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(' ');
  return {
    'package.json': `${JSON.stringify(
      {
        name: `@flowline/connector-${id}`,
        version: '0.1.0',
        private: true,
        type: 'module',
        exports: { '.': './src/index.ts' },
        scripts: { typecheck: 'tsc -p tsconfig.json' },
        dependencies: { '@flowline/connector-sdk': 'workspace:*', zod: '^4.6.7' },
      },
      null,
      2,
    )}\n`,
    'tsconfig.json': `${JSON.stringify({ extends: baseTsconfig, compilerOptions: { types: ['node'] }, include: ['src'] }, null, 2)}\n`,
    'src/index.ts': `import { credential, defineAction, defineConnector, permanent } from '@flowline/connector-sdk';
import { z } from 'zod';

// Settings are not secret (shown in the designer); credentials are encrypted at rest and never shown.
const settings = z.object({ baseUrl: z.url().meta({ title: 'Base URL', description: 'Where the ${title} API lives' }) });
const credentials = credential.bearer({ describe: 'An API token for ${title}' });

const ItemResponse = z.object({ id: z.string(), status: z.string() });

export const createItem = defineAction({
  id: 'createItem',
  title: 'Create item',
  description: 'Creates an item in ${title} and returns its id.',
  credentials,
  settings,
  input: z.object({
    title: z.string().min(1).max(200).meta({ title: 'Title' }),
    priority: z.enum(['low', 'normal', 'high']).default('normal').meta({ title: 'Priority' }),
  }),
  output: z.object({ id: z.string(), status: z.string() }),
  timeout: '30s',
  async run(ctx, input) {
    // ctx.http refuses private and loopback addresses unless the operator allows them; statuses
    // map to errors for you (408/429/5xx retryable, other 4xx permanent).
    const response = await ctx.http.post('/items', { json: input, headers: { 'Idempotency-Key': ctx.idempotencyKey } });
    const body = ItemResponse.safeParse(await response.json());
    if (!body.success) throw permanent('UNEXPECTED_RESPONSE', '${title} answered in an unknown shape');
    return body.data;
  },
});

export const ${camel} = defineConnector({
  id: '${id}',
  title: '${title}',
  version: '0.1.0',
  credentials,
  settings,
  baseUrl: (s) => s.baseUrl,
  // "Test connection" in the designer: a cheap call that proves settings and credentials work.
  check: async (ctx) => {
    await ctx.http.get('/items', { query: { limit: '1' } });
  },
  actions: [createItem],
});

/** The runtime loads \`connector\` from modules listed in FLOWLINE_CONNECTORS. */
export const connector = ${camel};
`,
    'src/index.test.ts': `import { describeConnectorContract, runAction, startHttpPeer, type HttpPeer } from '@flowline/connector-sdk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ${camel} } from './index';

describeConnectorContract(${camel});

describe('${id}.createItem', () => {
  let peer: HttpPeer;
  beforeAll(async () => {
    peer = await startHttpPeer({ 'POST /items': () => ({ status: 201, json: { id: 'item-1', status: 'open' } }) });
  });
  afterAll(() => peer.close());

  it('creates an item with the token and idempotency key', async () => {
    const result = await runAction(${camel}, 'createItem', {
      input: { title: 'VPN down' },
      credentials: { token: 'test-token' },
      settings: { baseUrl: peer.url },
      network: { allowLoopback: true },
    });
    expect(result).toEqual({ ok: true, output: { id: 'item-1', status: 'open' } });
    expect(peer.requests.at(-1)?.headers['authorization']).toBe('Bearer test-token');
    expect(peer.requests.at(-1)?.json()).toEqual({ title: 'VPN down', priority: 'normal' });
  });
});
`,
  };
}
