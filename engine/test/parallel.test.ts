import { describe, expect, it } from 'vitest';
import { aWorkflow, n } from '../src/testing';
import { drive } from './harness';

function split(mode: Parameters<typeof n.join>[1]) {
  return aWorkflow()
    .nodes(
      n.trigger(),
      n.parallel('fork'),
      n.task('a'),
      n.approval('b'),
      n.wait('c', { type: 'duration', duration: 'PT1H' }),
      n.join('meet', mode),
      n.end('done'),
      n.end('no', 'rejected'),
    )
    .edges(
      'start -> fork',
      'fork -> a',
      'fork -> b',
      'fork -> c',
      'a -> meet',
      'b:approved -> meet',
      'b:rejected -> no',
      'c -> meet',
      'meet -> done',
    )
    .build();
}

describe('parallel split and join', () => {
  it('runs every branch at once and joins when all arrive', () => {
    const run = drive(split({ type: 'all' }));
    expect([...run.active].sort()).toEqual(['a', 'b', 'c']);
    const job = run.command('job.start');
    const task = run.command('task.create');
    const timer = run.command('timer.schedule');
    run.send({ type: 'job.done', jobKey: job.jobKey, output: {}, at: 2_000 });
    expect([...run.active].sort()).toEqual(['b', 'c']);
    run.send({ type: 'timer.fired', timerKey: timer.timerKey, at: timer.fireAt });
    expect(run.active).toEqual(['b']);
    run.send({
      type: 'task.decided',
      taskKey: task.taskKey,
      outcome: 'approved',
      by: 'ann',
      at: timer.fireAt + 1,
    });
    expect(run.active).toEqual(['done']);
    expect(run.done).toBe(true);
  });

  it('continues at the first arrival under any, cancelling the other branches', () => {
    const run = drive(split({ type: 'any' }));
    const job = run.command('job.start');
    const task = run.command('task.create');
    const timer = run.command('timer.schedule');
    run.send({ type: 'job.done', jobKey: job.jobKey, output: {}, at: 2_000 });
    expect(run.active).toEqual(['done']);
    expect(run.commandsOf('task.cancel').map((c) => c.taskKey)).toEqual([task.taskKey]);
    expect(run.commandsOf('timer.cancel').map((c) => c.timerKey)).toEqual([timer.timerKey]);
  });

  it('continues after n of m branches', () => {
    const run = drive(split({ type: 'nOfM', n: 2 }));
    const job = run.command('job.start');
    const timer = run.command('timer.schedule');
    run.send({ type: 'job.done', jobKey: job.jobKey, output: {}, at: 2_000 });
    expect([...run.active].sort()).toEqual(['b', 'c']);
    run.send({ type: 'timer.fired', timerKey: timer.timerKey, at: timer.fireAt });
    expect(run.active).toEqual(['done']);
    expect(run.commandsOf('task.cancel')).toHaveLength(1);
  });

  it('ends the whole instance when a branch ends it, cancelling the rest', () => {
    const run = drive(split({ type: 'all' }));
    run.send({
      type: 'task.decided',
      taskKey: run.command('task.create').taskKey,
      outcome: 'rejected',
      by: 'ann',
      comment: 'no',
      at: 2_000,
    });
    expect(run.active).toEqual(['no']);
    expect(run.commandsOf('job.cancel')).toHaveLength(1);
    expect(run.commandsOf('timer.cancel')).toHaveLength(1);
  });

  it('joins nested splits and empty branches', () => {
    const run = drive(
      aWorkflow()
        .nodes(
          n.trigger(),
          n.parallel('outer'),
          n.parallel('inner'),
          n.task('x'),
          n.task('y'),
          n.join('innerJoin'),
          n.join('outerJoin'),
          n.end('done'),
        )
        .edges(
          'start -> outer',
          'outer -> inner',
          'outer -> outerJoin',
          'inner -> x',
          'inner -> y',
          'x -> innerJoin',
          'y -> innerJoin',
          'innerJoin -> outerJoin',
          'outerJoin -> done',
        )
        .build(),
    );
    const [x, y] = run.commandsOf('job.start');
    run.send({ type: 'job.done', jobKey: x!.jobKey, output: {}, at: 2_000 });
    expect(run.done).toBe(false);
    run.send({ type: 'job.done', jobKey: y!.jobKey, output: {}, at: 3_000 });
    expect(run.active).toEqual(['done']);
  });
});
