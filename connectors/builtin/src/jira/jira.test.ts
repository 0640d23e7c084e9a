import {
  describeConnectorContract,
  runAction,
  startHttpPeer,
  type HttpPeer,
} from '@flowline/connector-sdk/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { toAdf } from './atlassianDocument';
import { jira } from './index';
import { startJiraPeer } from './jiraPeer';

const login = { email: 'bot@example.com', apiToken: 'jira-token-123' };
const loopback = { allowLoopback: true };
let peer: HttpPeer | undefined;
afterEach(async () => peer?.close());

const start = async () => (peer = await startJiraPeer(login));
const with_ = (p: HttpPeer) => ({ credentials: login, settings: { baseUrl: p.url }, network: loopback });

describeConnectorContract(jira);

describe('toAdf', () => {
  it('turns blank-line paragraphs and line breaks into ADF without empty text nodes', () => {
    expect(toAdf('One\ntwo\n\nThree')).toEqual({
      version: 1,
      type: 'doc',
      content: [
        {
          type: 'paragraph',
          content: [{ type: 'text', text: 'One' }, { type: 'hardBreak' }, { type: 'text', text: 'two' }],
        },
        { type: 'paragraph', content: [{ type: 'text', text: 'Three' }] },
      ],
    });
  });
});

describe('jira REST v3', () => {
  it('creates an issue with project, type, summary and an ADF description', async () => {
    const p = await start();
    const result = await runAction(jira, 'createIssue', {
      input: {
        projectKey: 'ITSM',
        issueType: 'Service Request',
        summary: 'New laptop',
        description: 'For Alice',
      },
      ...with_(p),
    });
    expect(result).toEqual({ ok: true, output: { id: '10042', key: 'ITSM-42' } });
    const request = p.requests[0];
    expect(request?.path).toBe('/rest/api/3/issue');
    expect(request?.headers.authorization).toBe(`Basic ${btoa('bot@example.com:jira-token-123')}`);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.json()).toEqual({
      fields: {
        project: { key: 'ITSM' },
        issuetype: { name: 'Service Request' },
        summary: 'New laptop',
        description: toAdf('For Alice'),
      },
    });
  });

  it('transitions by id without a lookup', async () => {
    const p = await start();
    const result = await runAction(jira, 'transitionIssue', {
      input: { issueKey: 'ITSM-42', transition: '31' },
      ...with_(p),
    });
    expect(result).toEqual({ ok: true, output: { transitionId: '31' } });
    expect(p.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /rest/api/3/issue/ITSM-42/transitions',
    ]);
  });

  it('looks a transition up by name (or target status) first', async () => {
    const p = await start();
    const byName = await runAction(jira, 'transitionIssue', {
      input: { issueKey: 'ITSM-42', transition: 'start progress' },
      ...with_(p),
    });
    const byStatus = await runAction(jira, 'transitionIssue', {
      input: { issueKey: 'ITSM-42', transition: 'Done' },
      ...with_(p),
    });
    expect(byName).toEqual({ ok: true, output: { transitionId: '11' } });
    expect(byStatus).toEqual({ ok: true, output: { transitionId: '31' } });
    expect(p.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /rest/api/3/issue/ITSM-42/transitions',
      'POST /rest/api/3/issue/ITSM-42/transitions',
      'GET /rest/api/3/issue/ITSM-42/transitions',
      'POST /rest/api/3/issue/ITSM-42/transitions',
    ]);
    expect(p.requests[1]?.json()).toEqual({ transition: { id: '11' } });
  });

  it('fails permanently, naming the choices, when no transition matches', async () => {
    const p = await start();
    const result = await runAction(jira, 'transitionIssue', {
      input: { issueKey: 'ITSM-42', transition: 'Reopen' },
      ...with_(p),
    });
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'TRANSITION_NOT_FOUND',
        retryable: false,
        details: { available: ['Start Progress', 'Resolve'] },
      },
    });
  });

  it('adds an ADF comment', async () => {
    const p = await start();
    const result = await runAction(jira, 'addComment', {
      input: { issueKey: 'ITSM-42', text: 'Approved by CAB' },
      ...with_(p),
    });
    expect(result).toEqual({ ok: true, output: { id: '10100' } });
    expect(p.requests[0]?.json()).toEqual({ body: toAdf('Approved by CAB') });
  });

  it('maps 401 to permanent, 429 with Retry-After and 502 to retryable', async () => {
    const p = await start();
    const denied = await runAction(jira, 'addComment', {
      input: { issueKey: 'ITSM-42', text: 'x' },
      ...with_(p),
      credentials: { ...login, apiToken: 'wrong' },
    });
    expect(denied).toMatchObject({ ok: false, error: { code: 'HTTP_401', retryable: false } });
    await p.close();
    let calls = 0;
    peer = await startHttpPeer({
      'POST /rest/api/3/issue/ITSM-42/comment': () =>
        ++calls === 1
          ? { status: 429, headers: { 'retry-after': '3' }, json: {} }
          : { status: 502, text: 'Bad gateway' },
    });
    const options = { input: { issueKey: 'ITSM-42', text: 'x' }, ...with_(peer) };
    expect(await runAction(jira, 'addComment', options)).toMatchObject({
      ok: false,
      error: { code: 'RATE_LIMITED', retryable: true, retryAfterMs: 3000 },
    });
    expect(await runAction(jira, 'addComment', options)).toMatchObject({
      ok: false,
      error: { code: 'HTTP_502', retryable: true },
    });
  });

  it('refuses 127.0.0.1 before connecting when loopback is not allowed', async () => {
    const p = await start();
    const result = await runAction(jira, 'addComment', {
      input: { issueKey: 'ITSM-42', text: 'x' },
      ...with_(p),
      network: {},
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'SSRF_BLOCKED' } });
    expect(p.requests).toHaveLength(0);
  });
});
