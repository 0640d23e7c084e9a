import { describe, expect, it } from 'vitest';
import { applyEvent, startInstance, type StepResult } from '../src/compile/step';
import type { EngineEvent } from '../src/compile/events';
import { validate } from '../src/validate';
import { aWorkflow, n, testCatalog } from '../src/testing';
import { machineOf } from './harness';

/** A rework loop whose task sends its own idempotency key as input. */
const loop = aWorkflow()
  .nodes(
    n.trigger(),
    n.task('draft', {
      input: { value: 'job.idempotencyKey' },
      retry: { maxAttempts: 3, initialDelay: 'PT1S', multiplier: 2, maxDelay: 'PT1M' },
    }),
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

const jobStart = (step: StepResult) => {
  const command = step.commands.find((c) => c.type === 'job.start');
  if (command?.type !== 'job.start') throw new Error('expected a job.start');
  return command;
};

describe('job.idempotencyKey in task input mappings', () => {
  it('is the key the job carries: qualified by the instance, the same on a retry, new on the next visit', () => {
    const machine = machineOf(loop);
    const send = (step: StepResult, event: EngineEvent) => applyEvent(machine, step.state, event);
    let step = startInstance(machine, { input: {}, at: 1, instanceId: 'inst-1' });
    const first = jobStart(step);
    expect(first).toMatchObject({ idempotencyKey: 'draft#1', input: { value: 'inst-1:draft#1' } });

    step = send(step, {
      type: 'job.failed',
      jobKey: first.jobKey,
      error: { code: 'HTTP_503', message: 'busy', retryable: true },
      at: 2,
    });
    expect(jobStart(step)).toMatchObject({ attempt: 2, input: { value: 'inst-1:draft#1' } });

    step = send(step, { type: 'job.done', jobKey: jobStart(step).jobKey, output: {}, at: 3 });
    const task = step.commands.find((c) => c.type === 'task.create');
    if (task?.type !== 'task.create') throw new Error('expected a task');
    step = send(step, { type: 'task.decided', taskKey: task.taskKey, outcome: 'rework', by: 'ann', at: 4 });
    expect(jobStart(step)).toMatchObject({ idempotencyKey: 'draft#2', input: { value: 'inst-1:draft#2' } });
  });

  it('is readable only in task inputs, and only as idempotencyKey', () => {
    const wrongField = aWorkflow()
      .nodes(n.trigger(), n.task('call', { input: { value: 'job.attempt' } }), n.end('done'))
      .edges('start -> call', 'call -> done')
      .build();
    const elsewhere = aWorkflow()
      .nodes(n.trigger(), n.end('done', 'completed', { key: 'job.idempotencyKey' }))
      .edges('start -> done')
      .build();
    expect(validate(wrongField, testCatalog)).toContainEqual(
      expect.objectContaining({
        code: 'UNKNOWN_FIELD',
        nodeId: 'call',
        path: ['nodes', 1, 'input', 'value'],
      }),
    );
    expect(validate(elsewhere, testCatalog)).toContainEqual(
      expect.objectContaining({ code: 'EXPRESSION_UNKNOWN_NAME', nodeId: 'done' }),
    );
  });
});
