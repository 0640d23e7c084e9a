import {
  describeConnectorContract,
  runAction,
  startHttpPeer,
  type HttpPeer,
} from '@flowline/connector-sdk/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { teams } from './index';

const loopback = { allowLoopback: true };
let peer: HttpPeer | undefined;
afterEach(async () => peer?.close());

const hookPath = '/workflows/abc/triggers/manual/paths/invoke';
const credentialsFor = (p: HttpPeer) => ({ webhookUrl: `${p.url}${hookPath}?sig=s3cr3t-signature` });

// Webhooks have no side-effect-free call, so there is no check() to require.
describeConnectorContract(teams, { requireCheck: false });

describe('teams.postMessage', () => {
  it('posts an Adaptive Card with title and text and accepts 202', async () => {
    peer = await startHttpPeer({ [`POST ${hookPath}`]: () => ({ status: 202 }) });
    const result = await runAction(teams, 'postMessage', {
      input: { title: 'Change approved', text: 'CHG0001 may start at 22:00.' },
      credentials: credentialsFor(peer),
      network: loopback,
    });
    expect(result).toEqual({ ok: true, output: { status: 202 } });
    const request = peer.requests[0];
    expect(request?.query).toEqual({ sig: 's3cr3t-signature' });
    expect(request?.json()).toMatchObject({
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          content: {
            type: 'AdaptiveCard',
            body: [
              { type: 'TextBlock', text: 'Change approved', weight: 'Bolder' },
              { type: 'TextBlock', text: 'CHG0001 may start at 22:00.' },
            ],
          },
        },
      ],
    });
  });

  it('accepts a legacy connector’s 200 "1"', async () => {
    peer = await startHttpPeer({ [`POST ${hookPath}`]: () => ({ text: '1' }) });
    const result = await runAction(teams, 'postMessage', {
      input: { text: 'x' },
      credentials: credentialsFor(peer),
      network: loopback,
    });
    expect(result).toEqual({ ok: true, output: { status: 200 } });
  });

  it('retries a throttled legacy answer (200 carrying "HTTP error 429")', async () => {
    peer = await startHttpPeer({
      [`POST ${hookPath}`]: () => ({
        text: 'Microsoft Teams endpoint returned HTTP error 429 with ContextId …',
      }),
    });
    const result = await runAction(teams, 'postMessage', {
      input: { text: 'x' },
      credentials: credentialsFor(peer),
      network: loopback,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', retryable: true } });
  });

  it('maps 429 with Retry-After to retryable, 400 to permanent', async () => {
    let calls = 0;
    peer = await startHttpPeer({
      [`POST ${hookPath}`]: () =>
        ++calls === 1 ? { status: 429, headers: { 'retry-after': '5' } } : { status: 400, text: 'bad card' },
    });
    const options = { input: { text: 'x' }, credentials: credentialsFor(peer), network: loopback };
    expect(await runAction(teams, 'postMessage', options)).toMatchObject({
      ok: false,
      error: { code: 'RATE_LIMITED', retryable: true, retryAfterMs: 5000 },
    });
    expect(await runAction(teams, 'postMessage', options)).toMatchObject({
      ok: false,
      error: { code: 'HTTP_400', retryable: false },
    });
  });

  it('refuses 127.0.0.1 before connecting when loopback is not allowed', async () => {
    peer = await startHttpPeer({});
    const result = await runAction(teams, 'postMessage', {
      input: { text: 'x' },
      credentials: credentialsFor(peer),
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'SSRF_BLOCKED' } });
    expect(peer.requests).toHaveLength(0);
  });
});
