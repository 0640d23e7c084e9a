// Shared by the credential tests (not exported): a connector with one authorized call, and what
// a test needs to see of the peer it talks to.
import { z } from 'zod';
import type { CredentialKind } from './credentialKind';
import { defineAction } from './defineAction';
import { defineConnector } from './defineConnector';
import type { HttpPeer } from './testing/httpPeer';

const Settings = z.object({ baseUrl: z.url() });

/** `create` POSTs /api/items once with the credential's headers and returns the peer's `{ id }`. */
export function probeConnector<C extends CredentialKind>(auth: C) {
  const create = defineAction({
    id: 'create',
    title: 'Create',
    description: 'Creates one item on the peer.',
    credentials: auth,
    settings: Settings,
    input: z.object({}),
    output: z.object({ id: z.number() }),
    async run(ctx) {
      const res = await ctx.http.post('/api/items', { json: { name: 'laptop' } });
      return z.object({ id: z.number() }).parse(await res.json());
    },
  });
  return defineConnector({
    id: 'auth-probe',
    title: 'Auth probe',
    version: '1.0.0',
    credentials: auth,
    settings: Settings,
    baseUrl: (s) => s.baseUrl,
    actions: [create],
  });
}

/** Token fetches (POST /oauth/token) and the Authorization header of each API call, in order. */
export const watchPeer = (peer: HttpPeer) => ({
  url: peer.url,
  tokenFetches: () => peer.requests.filter((r) => r.path === '/oauth/token').length,
  apiCalls: () => peer.requests.filter((r) => r.path === '/api/items').map((r) => r.headers.authorization),
});
