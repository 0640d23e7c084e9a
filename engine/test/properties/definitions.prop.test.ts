import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile';
import type { Command } from '../../src/compile/commands';
import type { EngineEvent } from '../../src/compile/events';
import { parseDefinition, validate } from '../../src/validate';
import { runToEnd } from '../../src/simulate';
import { invalidDefinition, testCatalog, validDefinition } from '../../src/testing';

/** Answers commands with choices drawn from a seeded stream, so each run explores another path. */
function randomResponder(choices: readonly number[]) {
  let i = 0;
  const next = () => choices[i++ % choices.length]!;
  return {
    respond(command: Command, at: number): EngineEvent | undefined {
      switch (command.type) {
        case 'job.start': {
          const roll = next() % 10;
          if (roll < 7) return { type: 'job.done', jobKey: command.jobKey, output: { ok: true }, at };
          return {
            type: 'job.failed',
            jobKey: command.jobKey,
            error: { code: 'X', message: 'boom', retryable: roll < 9 },
            at,
          };
        }
        case 'task.create': {
          const roll = next() % 10;
          // Rework loops back; it is rare so runs end well within the step budget.
          const outcome = roll < 6 ? 'approved' : roll < 9 ? 'rejected' : 'rework';
          return {
            type: 'task.decided',
            taskKey: command.taskKey,
            outcome,
            by: command.assignee.id,
            comment: 'because',
            at,
          };
        }
        case 'timer.schedule':
          return { type: 'timer.fired', timerKey: command.timerKey, at: Math.max(at, command.fireAt) };
        default:
          return undefined;
      }
    },
  };
}

describe('random definitions', () => {
  it('every valid definition compiles, and every simulated run ends in an end node', () => {
    fc.assert(
      fc.property(
        validDefinition,
        fc.array(fc.nat(), { minLength: 1, maxLength: 50 }),
        fc.integer({ min: 0, max: 120 }),
        (doc, choices, n) => {
          const parsed = parseDefinition(doc);
          expect(parsed.ok).toBe(true);
          if (!parsed.ok) return;
          const errors = validate(parsed.value, testCatalog).filter((i) => i.severity === 'error');
          expect(errors).toEqual([]);
          const machine = compile(parsed.value, testCatalog);
          expect(machine.ok).toBe(true);
          if (!machine.ok) return;
          const { trace, finished } = runToEnd(
            machine.value,
            { input: { n }, at: 0 },
            randomResponder(choices),
            5_000,
          );
          const last = trace.at(-1)!.result;
          if (!finished) {
            // Only a rework loop may keep a run going past the budget; it still waits at an approval.
            expect(last.activeNodes.length).toBeGreaterThan(0);
            return;
          }
          expect(last.activeNodes).toHaveLength(1);
          const endNode = parsed.value.nodes.find((node) => node.id === last.activeNodes[0]);
          expect(endNode?.kind).toBe('end');
          expect(last.commands.filter((c) => c.type === 'instance.complete')).toHaveLength(1);
        },
      ),
      { numRuns: 300 },
    );
  }, 120_000);

  it('every broken definition is refused with at least one addressed error', () => {
    fc.assert(
      fc.property(invalidDefinition, ({ doc }) => {
        const parsed = parseDefinition(doc);
        const issues = parsed.ok ? validate(parsed.value, testCatalog) : parsed.error;
        const errors = issues.filter((i) => i.severity === 'error');
        expect(errors.length).toBeGreaterThan(0);
        expect(
          errors.some((i) => i.nodeId !== undefined || i.edgeId !== undefined || i.path.length > 0),
        ).toBe(true);
        for (const issue of errors) expect(issue.message.length).toBeGreaterThan(10);
        if (parsed.ok) expect(compile(parsed.value, testCatalog).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  }, 120_000);
});
