import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { credential } from '../credential';
import { defineAction } from '../defineAction';
import { startHttpPeer, type HttpPeer } from './httpPeer';
import { createTestContext } from './testContext';

const auth = credential.bearer();
const lookup = defineAction({
  id: 'lookupUser',
  title: 'Look up user',
  description: 'Finds a user by email.',
  credentials: auth,
  input: z.object({ email: z.email() }),
  output: z.object({ id: z.string() }),
  async run(ctx, input) {
    ctx.log.info({ email: input.email }, 'looking up');
    const res = await ctx.http.get('/users', { query: { email: input.email } });
    return z.object({ id: z.string() }).parse(await res.json());
  },
});

let peer: HttpPeer | undefined;
afterEach(async () => peer?.close());

describe('createTestContext', () => {
  it('runs an action body directly and records its logs', async () => {
    peer = await startHttpPeer({ 'GET /users': (req) => ({ json: { id: `u-${req.query['email']}` } }) });
    const ctx = createTestContext({
      credentials: { token: 't' },
      baseUrl: peer.url,
      network: { allowLoopback: true },
    });
    expect(await lookup.run(ctx, { email: 'a@example.com' })).toEqual({ id: 'u-a@example.com' });
    expect(ctx.logs).toEqual([{ level: 'info', fields: { email: 'a@example.com' }, message: 'looking up' }]);
    expect(ctx.attempt).toBe(1);
    expect(ctx.step.nodeId).toBe('test-node');
  });

  it('keeps the guard on by default', async () => {
    peer = await startHttpPeer({});
    const ctx = createTestContext({ credentials: { token: 't' }, baseUrl: peer.url });
    await expect(lookup.run(ctx, { email: 'a@example.com' })).rejects.toMatchObject({ code: 'SSRF_BLOCKED' });
  });
});
