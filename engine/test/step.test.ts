import { describe, expect, it } from 'vitest';
import { applyEvent, startInstance } from '../src/compile/step';
import { aWorkflow, n } from '../src/testing';
import { drive, machineOf } from './harness';

const definition = aWorkflow()
  .nodes(n.trigger(), n.task('work'), n.approval('ok'), n.end('done'), n.end('no', 'rejected'))
  .edges('start -> work', 'work -> ok', 'ok:approved -> done', 'ok:rejected -> no')
  .build();

describe('pure stepping', () => {
  it('gives the same next state and commands for the same state and event', () => {
    const machine = machineOf(definition);
    const start = startInstance(machine, { input: {}, at: 1 });
    const stored = JSON.parse(JSON.stringify(start.state));
    const event = { type: 'job.done', jobKey: 'work#1#1', output: { a: 1 }, at: 2 } as const;
    const one = applyEvent(machine, stored, event);
    const two = applyEvent(machine, JSON.parse(JSON.stringify(start.state)), event);
    expect(two).toEqual(one);
    expect(one.commands.map((c) => c.type)).toEqual(['task.create']);
  });

  it('keeps everything in plain JSON so a stored state restores exactly', () => {
    const run = drive(definition);
    const json = JSON.parse(JSON.stringify(run.result.state));
    expect(json).toEqual(run.result.state);
  });

  it('cancels the work in flight when the instance is cancelled', () => {
    const run = drive(definition);
    const job = run.command('job.start');
    run.send({ type: 'instance.cancel', by: 'admin', at: 5 });
    expect(run.command('job.cancel').jobKey).toBe(job.jobKey);
    expect(run.command('instance.complete').outcome).toBe('cancelled');
    expect(run.done).toBe(true);
  });

  it('fails the instance when the runtime says so, withdrawing the work in flight as a cancel does', () => {
    const run = drive(definition);
    const job = run.command('job.start');
    run.send({ type: 'instance.fail', code: 'LIMIT_EXCEEDED', message: 'too big', nodeId: 'work', at: 5 });
    expect(run.command('job.cancel').jobKey).toBe(job.jobKey);
    const error = { nodeId: 'work', code: 'LIMIT_EXCEEDED', message: 'too big' };
    expect(run.command('instance.complete')).toEqual({
      type: 'instance.complete',
      outcome: 'failed',
      output: null,
      error,
    });
    expect(run.context).toMatchObject({ outcome: 'failed', error });
    expect(run.done).toBe(true);
  });

  it('changes nothing once the instance has ended', () => {
    const run = drive(definition);
    run.send({ type: 'instance.cancel', at: 5 });
    const after = run.send({ type: 'job.done', jobKey: 'work#1#1', output: {}, at: 6 });
    expect(after.changed).toBe(false);
    expect(after.commands).toEqual([]);
  });

  it('loops through a rework cycle with fresh keys on each pass', () => {
    const loop = aWorkflow()
      .nodes(
        n.trigger(),
        n.task('draft'),
        n.approval('review', {
          outcomes: [
            { id: 'approved', label: 'OK' },
            { id: 'rejected', label: 'No' },
            { id: 'rework', label: 'Rework' },
          ],
        }),
        n.end('done'),
        n.end('no', 'rejected'),
      )
      .edges(
        'start -> draft',
        'draft -> review',
        'review:approved -> done',
        'review:rejected -> no',
        'review:rework -> draft',
      )
      .build();
    const run = drive(loop);
    run.send({ type: 'job.done', jobKey: run.command('job.start').jobKey, output: {}, at: 2 });
    run.send({
      type: 'task.decided',
      taskKey: run.command('task.create').taskKey,
      outcome: 'rework',
      by: 'ann',
      at: 3,
    });
    const second = run.command('job.start');
    expect(second).toMatchObject({ jobKey: 'draft#2#1', idempotencyKey: 'draft#2' });
    run.send({ type: 'job.done', jobKey: second.jobKey, output: {}, at: 4 });
    expect(run.command('task.create').taskKey).toBe('review#2#0');
  });
});
