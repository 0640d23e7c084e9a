import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCaptured } from './capturedRun';

const EXAMPLE = fileURLToPath(new URL('../../../examples/access-approval/definition.json', import.meta.url));
const AT = '2026-03-02T09:00:00Z';

describe('flowline simulate', () => {
  let dir = '';
  const write = (name: string, value: unknown) => writeFileSync(join(dir, name), JSON.stringify(value));
  const cli = (...argv: string[]) => runCaptured(argv, { cwd: dir });
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'flowline-simulate-'));
    write('request.json', {
      system: 'prod-db',
      accessLevel: 'admin',
      justification: 'Incident 42',
      manager: 'mgr-1',
    });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the rejection path of the access-approval example when told to reject', async () => {
    const result = await cli(
      'simulate',
      EXAMPLE,
      '--input',
      'request.json',
      '--decide',
      'managerApproval=rejected',
      '--at',
      AT,
    );
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out.split('\n').slice(1)).toEqual([
      '[+0s] start',
      '  → request (trigger: Access requested)',
      '  → managerApproval (approval: Manager approval)',
      '      task.create for user mgr-1: "Access request" (approved | rejected), due +3d',
      '      timer.schedule managerApproval#1:due at +3d',
      '      timer.schedule managerApproval#1:remind1 at +1d',
      '[+1s] task.decided managerApproval#1#0: "rejected" by mgr-1',
      '  → refused (end: Access refused)',
      '      timer.cancel managerApproval#1:due',
      '      timer.cancel managerApproval#1:remind1',
      '      instance.complete rejected',
      '',
      'Ended rejected at +1s',
      'Output: {"system":"prod-db"}',
    ]);
  });

  it('takes the first outcome of every task by default: privileged access passes both approvals', async () => {
    const result = await cli('simulate', EXAMPLE, '--input', 'request.json', '--at', AT);
    expect(result.out).toContain('  → privileged (decision: Privileged access?)\n  → securityApproval');
    expect(result.out).toContain(
      '[+3s] task.decided securityApproval#1#1: "approved" by sec-ben\n  → provisioning (decision: Provisioned through SCIM?)\n  → granted',
    );
    expect(result.out).toMatch(
      /Ended completed at \+3s\nOutput: \{"system":"prod-db","accessLevel":"admin"\}$/,
    );
  });

  it('lets an undecided approval fall due: reminders first, then the escalation, in time order', async () => {
    const result = await cli(
      'simulate',
      EXAMPLE,
      '--input',
      'request.json',
      '--at',
      AT,
      '--decide',
      'managerApproval=timeout',
      '--decide',
      'serviceDesk=rejected',
    );
    const events = result.out.split('\n').filter((line) => line.startsWith('['));
    expect(events).toEqual([
      '[+0s] start',
      '[+1d] timer.fired managerApproval#1:remind1',
      '[+2d] timer.fired managerApproval#1:remind2',
      '[+3d] timer.fired managerApproval#1:due',
      '[+3d 1s] task.decided serviceDesk#1#0: "rejected" by service-desk',
    ]);
    expect(result.out).toContain('Ended rejected at +3d 1s');
  });

  it("answers a connector task with a sample of the action's output, or fails it every attempt with --fail", async () => {
    const definition = {
      schemaVersion: 1,
      id: 'ticket',
      name: 'Open a ticket',
      version: 1,
      input: [{ key: 'summary', label: 'Summary', type: 'string', required: true }],
      nodes: [
        { id: 'start', name: 'Start', kind: 'trigger', trigger: { type: 'manual' } },
        {
          id: 'open',
          name: 'Open the ticket',
          kind: 'task',
          action: 'jira.createIssue',
          input: { projectKey: '"IT"', summary: 'input.summary', issueType: '"Task"' },
          retry: { maxAttempts: 2 },
        },
        {
          id: 'done',
          name: 'Done',
          kind: 'end',
          outcome: 'completed',
          output: { key: 'nodes.open.result.key' },
        },
        { id: 'failed', name: 'Failed', kind: 'end', outcome: 'failed' },
      ],
      edges: [
        { id: 'e1', source: 'start', target: 'open' },
        { id: 'e2', source: 'open', target: 'done' },
        { id: 'e3', source: 'open', sourceHandle: 'error', target: 'failed' },
      ],
    };
    write('ticket.json', definition);
    write('ticket-input.json', { summary: 'New laptop' });
    const ok = await cli('simulate', 'ticket.json', '--input', 'ticket-input.json', '--at', AT);
    expect(ok.err).toBe('');
    expect(ok.out).toContain('[+1s] job.done open#1#1 with output {"id":"id-1","key":"key-1"}');
    expect(ok.out).toContain('Output: {"key":"key-1"}');

    const failed = await cli(
      'simulate',
      'ticket.json',
      '--input',
      'ticket-input.json',
      '--at',
      AT,
      '--fail',
      'open',
    );
    expect(failed.out.split('\n').filter((l) => l.startsWith('[') || l.includes('job.start'))).toEqual([
      '[+0s] start',
      '      job.start jira.createIssue (attempt 1 of 2) with input {"projectKey":"IT","summary":"New laptop","issueType":"Task"}',
      '[+1s] job.failed open#1#1: SIMULATED_FAILURE: failed as asked (--fail)',
      '      job.start jira.createIssue (attempt 2 of 2, after 1s) with input {"projectKey":"IT","summary":"New laptop","issueType":"Task"}',
      '[+3s] job.failed open#1#2: SIMULATED_FAILURE: failed as asked (--fail)',
    ]);
    expect(failed.out).toContain('  → failed (end: Failed)');
    expect(failed.out).toContain('Ended failed at +3s');
  });

  it('runs a for-each item by item; --fail fails every item, collected or taking the error exit', async () => {
    const definition = {
      id: 'notify',
      name: 'Notify services',
      input: [
        {
          key: 'services',
          label: 'Services',
          type: 'multiselect',
          options: ['mail', 'vpn'].map((v) => ({ value: v, label: v })),
        },
      ],
      nodes: [
        { id: 'start', name: 'Start', kind: 'trigger', trigger: { type: 'manual' } },
        {
          id: 'each',
          name: 'Post to each',
          kind: 'forEach',
          items: 'input.services',
          onItemError: 'collect',
          run: {
            type: 'task',
            action: 'slack.postMessage',
            input: { text: '"Change on " + item' },
            retry: { maxAttempts: 1 },
          },
        },
        {
          id: 'done',
          name: 'Done',
          kind: 'end',
          outcome: 'completed',
          output: { failed: 'nodes.each.failed' },
        },
      ],
      edges: [
        { id: 'e1', source: 'start', target: 'each' },
        { id: 'e2', source: 'each', target: 'done' },
      ],
    };
    write('notify.json', definition);
    write('notify-input.json', { services: ['mail', 'vpn'] });
    const ok = await cli('simulate', 'notify.json', '--input', 'notify-input.json', '--at', AT);
    expect(ok.err).toBe('');
    expect(ok.out).toContain('job.done each#1-0#1');
    expect(ok.out).toContain('job.done each#1-1#1');
    expect(ok.out).toContain('Output: {"failed":0}');
    const failed = await cli(
      'simulate',
      'notify.json',
      '--input',
      'notify-input.json',
      '--at',
      AT,
      '--fail',
      'each',
    );
    expect(failed.err).toBe('');
    expect(failed.out).toContain('Output: {"failed":2}');
  });

  it('prints the steps as JSON with --json', async () => {
    const result = await cli(
      'simulate',
      EXAMPLE,
      '--input',
      'request.json',
      '--at',
      AT,
      '--decide',
      'managerApproval=rejected',
      '--json',
    );
    const parsed = JSON.parse(result.out) as { status: string; steps: { entered: string[] }[] };
    expect(parsed).toMatchObject({
      workflowId: 'access-approval',
      status: 'rejected',
      output: { system: 'prod-db' },
    });
    expect(parsed.steps.map((s) => s.entered)).toEqual([['request', 'managerApproval'], ['refused']]);
  });

  it('refuses input that does not fit the request form, with exit 1', async () => {
    write('partial.json', { system: 'crm' });
    const result = await cli('simulate', EXAMPLE, '--input', 'partial.json');
    expect(result.code).toBe(1);
    expect(result.err).toContain('partial.json: field manager: "Your manager" is required');
  });

  it('refuses a definition with errors, naming the node, with exit 1', async () => {
    const broken = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as { nodes: Record<string, unknown>[] };
    broken.nodes[1]!['assignees'] = [{ type: 'expression', expression: 'input.manger' }];
    write('broken.json', broken);
    const result = await cli('simulate', 'broken.json', '--input', 'request.json');
    expect(result.code).toBe(1);
    expect(result.err).toContain('broken.json: node "managerApproval" field assignees[0].expression:');
  });

  it('exits 2 for choices that name no node, an outcome the node does not offer, or a node that is not decided', async () => {
    const run = (...flags: string[]) => cli('simulate', EXAMPLE, '--input', 'request.json', ...flags);
    expect(await run('--decide', 'nobody=approved')).toMatchObject({
      code: 2,
      err: expect.stringContaining('--decide nobody: there is no node "nobody"'),
    });
    expect(await run('--decide', 'managerApproval=maybe')).toMatchObject({
      code: 2,
      err: expect.stringContaining('"managerApproval" offers approved, rejected (or timeout)'),
    });
    expect(await run('--decide', 'privileged=yes')).toMatchObject({
      code: 2,
      err: expect.stringContaining('"privileged" is a decision node'),
    });
    expect(await run('--fail', 'managerApproval')).toMatchObject({
      code: 2,
      err: expect.stringContaining('only a task node calls a connector'),
    });
    expect(await run('--at', 'yesterday')).toMatchObject({
      code: 2,
      err: expect.stringContaining('--at "yesterday"'),
    });
    expect(await cli('simulate', EXAMPLE, '--input', 'missing.json')).toMatchObject({
      code: 2,
      err: 'missing.json: no such file',
    });
  });
});
