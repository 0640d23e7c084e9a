import {
  describeConnectorContract,
  runAction,
  startHttpPeer,
  type HttpPeer,
} from '@flowline/connector-sdk/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { slack } from './index';

const loopback = { allowLoopback: true };
let peer: HttpPeer | undefined;
afterEach(async () => peer?.close());

const hookPath = '/services/T000/B000/XXXX';
const credentialsFor = (p: HttpPeer) => ({ webhookUrl: `${p.url}${hookPath}` });

// Webhooks have no side-effect-free call, so there is no check() to require.
describeConnectorContract(slack, { requireCheck: false });

describe('slack.postMessage', () => {
  it('posts text and blocks as JSON to the webhook and accepts Slack’s "ok"', async () => {
    peer = await startHttpPeer({ [`POST ${hookPath}`]: () => ({ text: 'ok' }) });
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*CHG0001* approved' } }];
    const result = await runAction(slack, 'postMessage', {
      input: { text: 'CHG0001 approved', blocks },
      credentials: credentialsFor(peer),
      network: loopback,
    });
    expect(result).toEqual({ ok: true, output: { ok: true } });
    expect(peer.requests[0]?.headers['content-type']).toBe('application/json');
    expect(peer.requests[0]?.json()).toEqual({ text: 'CHG0001 approved', blocks });
  });

  it('fails permanently on Slack’s 404 channel_not_found', async () => {
    peer = await startHttpPeer({ [`POST ${hookPath}`]: () => ({ status: 404, text: 'channel_not_found' }) });
    const result = await runAction(slack, 'postMessage', {
      input: { text: 'x' },
      credentials: credentialsFor(peer),
      network: loopback,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'HTTP_404', retryable: false } });
  });

  it('retries after Retry-After on 429, and on 500', async () => {
    let calls = 0;
    peer = await startHttpPeer({
      [`POST ${hookPath}`]: () =>
        ++calls === 1
          ? { status: 429, text: 'rate_limited', headers: { 'retry-after': '30' } }
          : { status: 500, text: 'rollup_error' },
    });
    const options = { input: { text: 'x' }, credentials: credentialsFor(peer), network: loopback };
    expect(await runAction(slack, 'postMessage', options)).toMatchObject({
      ok: false,
      error: { code: 'RATE_LIMITED', retryable: true, retryAfterMs: 30_000 },
    });
    expect(await runAction(slack, 'postMessage', options)).toMatchObject({
      ok: false,
      error: { code: 'HTTP_500', retryable: true },
    });
  });

  it('does not show the webhook URL, nor its path, in a failure', async () => {
    peer = await startHttpPeer({ [`POST ${hookPath}`]: () => ({ status: 403, text: 'action_prohibited' }) });
    const result = await runAction(slack, 'postMessage', {
      input: { text: 'x' },
      credentials: credentialsFor(peer),
      network: loopback,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'HTTP_403', retryable: false } });
    expect(JSON.stringify(result)).not.toContain(hookPath);
  });

  it('fails when the answer is not "ok"', async () => {
    peer = await startHttpPeer({ [`POST ${hookPath}`]: () => ({ text: 'something else' }) });
    const result = await runAction(slack, 'postMessage', {
      input: { text: 'x' },
      credentials: credentialsFor(peer),
      network: loopback,
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'SLACK_UNEXPECTED_RESPONSE', retryable: false },
    });
  });

  it('refuses 127.0.0.1 before connecting when loopback is not allowed', async () => {
    peer = await startHttpPeer({});
    const result = await runAction(slack, 'postMessage', {
      input: { text: 'x' },
      credentials: credentialsFor(peer),
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'SSRF_BLOCKED' } });
    expect(peer.requests).toHaveLength(0);
  });
});
