import { describe, expect, it } from 'vitest';
import { aWorkflow, n } from '../src/testing';
import { drive } from './harness';

const retrying = { maxAttempts: 3, initialDelay: 'PT2S', multiplier: 2, maxDelay: 'PT1M' };
const fail = (jobKey: string, retryable: boolean, at: number) =>
  ({
    type: 'job.failed',
    jobKey,
    error: { code: retryable ? 'HTTP_503' : 'HTTP_400', message: 'no', retryable },
    at,
  }) as const;

function taskFlow(withErrorEdge: boolean) {
  return aWorkflow()
    .input({ key: 'title', label: 'Title', type: 'string' })
    .variables('ticketId')
    .nodes(
      n.trigger(),
      n.task('open', {
        action: 'test.createTicket',
        input: { title: '"Access: " + input.title', priority: '"2"' },
        output: { ticketId: 'result.id' },
        retry: retrying,
      }),
      n.end('ok', 'completed', { ticket: 'vars.ticketId' }),
      ...(withErrorEdge ? [n.end('broken', 'failed', { why: 'nodes.open.error.code' })] : []),
    )
    .edges('start -> open', 'open -> ok', ...(withErrorEdge ? ['open:error -> broken'] : []))
    .build();
}

describe('task node', () => {
  it('starts a job with the mapped input, a stable idempotency key and the timeout', () => {
    const run = drive(taskFlow(true), { title: 'VPN' });
    expect(run.command('job.start')).toMatchObject({
      action: 'test.createTicket',
      input: { title: 'Access: VPN', priority: '2' },
      attempt: 1,
      maxAttempts: 3,
      timeoutMs: 30_000,
      delayMs: 0,
      idempotencyKey: 'open#1',
    });
  });

  it('maps the result into variables and the end output', () => {
    const run = drive(taskFlow(true), { title: 'VPN' });
    run.send({
      type: 'job.done',
      jobKey: run.command('job.start').jobKey,
      output: { id: 'INC42' },
      at: 2_000,
    });
    expect(run.done).toBe(true);
    expect(run.context.vars['ticketId']).toBe('INC42');
    expect(run.command('instance.complete')).toMatchObject({
      outcome: 'completed',
      output: { ticket: 'INC42' },
    });
  });

  it('retries retryable failures with backoff and the same idempotency key', () => {
    const run = drive(taskFlow(true), { title: 'VPN' });
    const first = run.command('job.start');
    run.send(fail(first.jobKey, true, 2_000));
    const second = run.command('job.start');
    expect(second).toMatchObject({ attempt: 2, delayMs: 2_000, idempotencyKey: first.idempotencyKey });
    expect(second.jobKey).not.toBe(first.jobKey);
    run.send(fail(second.jobKey, true, 5_000));
    expect(run.command('job.start')).toMatchObject({ attempt: 3, delayMs: 4_000 });
  });

  it('honours a Retry-After longer than the backoff', () => {
    const run = drive(taskFlow(true), { title: 'VPN' });
    run.send({
      type: 'job.failed',
      jobKey: run.command('job.start').jobKey,
      error: { code: 'RATE_LIMITED', message: 'slow down', retryable: true, retryAfterMs: 30_000 },
      at: 2_000,
    });
    expect(run.command('job.start').delayMs).toBe(30_000);
  });

  it('takes the error edge when retries are exhausted', () => {
    const run = drive(taskFlow(true), { title: 'VPN' });
    for (let attempt = 1; attempt <= 3; attempt += 1)
      run.send(fail(run.command('job.start').jobKey, true, 1_000 + attempt));
    expect(run.active).toEqual(['broken']);
    expect(run.command('instance.complete')).toMatchObject({
      outcome: 'failed',
      output: { why: 'HTTP_503' },
    });
  });

  it('takes the error edge at once on a permanent failure', () => {
    const run = drive(taskFlow(true), { title: 'VPN' });
    run.send(fail(run.command('job.start').jobKey, false, 2_000));
    expect(run.active).toEqual(['broken']);
  });

  it('raises an incident instead of failing when there is no error edge, and an operator can retry it', () => {
    const run = drive(taskFlow(false), { title: 'VPN' });
    run.send(fail(run.command('job.start').jobKey, false, 2_000));
    expect(run.done).toBe(false);
    expect(run.active).toEqual(['open']);
    expect(run.context.error).toEqual({ nodeId: 'open', code: 'HTTP_400', message: 'no' });
    expect(run.send({ type: 'job.retry', nodeId: 'other', at: 3_000 }).changed).toBe(false);
    run.send({ type: 'job.retry', nodeId: 'open', by: 'ops', at: 3_000 });
    const again = run.command('job.start');
    expect(again).toMatchObject({ attempt: 2, delayMs: 0, idempotencyKey: 'open#1' });
    expect(run.context.error).toBeNull();
    expect(run.send({ type: 'job.retry', nodeId: 'open', at: 3_100 }).changed).toBe(false);
    run.send({ type: 'job.done', jobKey: again.jobKey, output: { id: 'INC1' }, at: 4_000 });
    expect(run.command('instance.complete')).toMatchObject({
      outcome: 'completed',
      output: { ticket: 'INC1' },
    });
  });

  it('ignores a result for an earlier attempt or another job', () => {
    const run = drive(taskFlow(true), { title: 'VPN' });
    const first = run.command('job.start');
    run.send(fail(first.jobKey, true, 2_000));
    expect(
      run.send({ type: 'job.done', jobKey: first.jobKey, output: { id: 'stale' }, at: 3_000 }).changed,
    ).toBe(false);
    expect(run.send({ type: 'job.done', jobKey: 'other#1#1', output: {}, at: 3_000 }).changed).toBe(false);
    expect(run.active).toEqual(['open']);
  });

  it('fails the step with an addressed error when its input expression fails', () => {
    const run = drive(taskFlow(false), {});
    expect(run.commandsOf('job.start')).toEqual([]);
    expect(run.done).toBe(true);
    expect(run.context.error).toMatchObject({ nodeId: 'open', code: 'EXPRESSION_FAILED' });
    expect(run.context.error?.message).toContain('input.title');
  });

  it('takes the error edge when the result cannot be mapped', () => {
    const run = drive(taskFlow(true), { title: 'VPN' });
    run.send({
      type: 'job.done',
      jobKey: run.command('job.start').jobKey,
      output: { unexpected: true },
      at: 2_000,
    });
    expect(run.active).toEqual(['broken']);
    expect(run.context.nodes['open']).toMatchObject({ error: { code: 'EXPRESSION_FAILED' } });
  });
});
