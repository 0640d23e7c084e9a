import { describe, expect, it } from 'vitest';
import { WorkflowDefinitionSchema, type FormField } from '@flowline/engine';
import { shapeToDefinition, testCatalog } from '@flowline/engine/testing';
import { perform } from '../document/actions';
import { createDocument } from '../document/document';
import { accessApproval, fixtureCatalog } from '../testing/fixtures';
import {
  changedSinceRun,
  choicesFrom,
  commandLine,
  elapsedLabel,
  controlValue,
  fieldValue,
  inputErrors,
  loopedAt,
  mergeSampleInput,
  mergeSelections,
  revisitable,
  runSummary,
  sameButLayout,
  stepNode,
  testPathOf,
} from './testRunForm';
import { runTest } from './testRunModel';

const field = (over: Partial<FormField> & Pick<FormField, 'key' | 'type'>): FormField => ({
  label: over.key,
  required: false,
  ...over,
});

/** The access-approval example with a ServiceNow call between the decision and "Access granted". */
function withIncident() {
  const inserted = perform(createDocument(accessApproval()), 'insertNodeOnEdge', {
    edgeId: 'e8',
    kind: 'task',
    action: 'servicenow.createIncident',
  });
  if (!inserted.ok) throw new Error(inserted.error);
  const wired = perform(inserted.value, 'setField', {
    nodeId: 'createIncident1',
    path: ['input', 'shortDescription'],
    value: '"Grant " + input.system',
  });
  if (!wired.ok) throw new Error(wired.error);
  const errorEdge = perform(wired.value, 'connect', {
    source: 'createIncident1',
    sourceHandle: 'error',
    target: 'refused',
  });
  if (!errorEdge.ok) throw new Error(errorEdge.error);
  return errorEdge.value.definition;
}

describe('the test run form', () => {
  it('starts from sample input the form accepts, keeps what the user typed, and drops removed fields', () => {
    const fields = accessApproval().input;
    const first = mergeSampleInput(fields, undefined);
    expect(inputErrors(fields, first)).toEqual({});
    const typed = { ...first, system: 'prod-db', gone: 'x' };
    const added = [...fields, field({ key: 'team', type: 'string', label: 'Team' })];
    expect(mergeSampleInput(added, typed)).toEqual({ ...first, system: 'prod-db', team: 'Sample team' });
  });

  it('says per field what the request form refuses', () => {
    const fields = accessApproval().input;
    const input = { ...mergeSampleInput(fields, undefined), system: 'mainframe', manager: '' };
    const errors = inputErrors(fields, input);
    expect(errors['system']).toBe('"System" must be one of crm, erp, prod-db');
    expect(errors['manager']).toBe('"Your manager (user id)" is required');
    expect(errors['justification']).toBeUndefined();
    const long = inputErrors(fields, {
      ...mergeSampleInput(fields, undefined),
      justification: 'x'.repeat(2001),
    });
    expect(long['justification']).toMatch(/^"Why do you need it\?": too big/);
  });

  it('reads form controls as the field types', () => {
    expect(fieldValue(field({ key: 'n', type: 'integer' }), '42')).toBe(42);
    expect(fieldValue(field({ key: 'n', type: 'number' }), '')).toBeUndefined();
    expect(fieldValue(field({ key: 'd', type: 'datetime' }), '2026-01-05T09:30')).toBe(
      '2026-01-05T09:30:00Z',
    );
    expect(controlValue(field({ key: 'd', type: 'datetime' }), '2026-01-05T09:30:00Z')).toBe(
      '2026-01-05T09:30',
    );
    expect(fieldValue(field({ key: 's', type: 'select' }), '')).toBeUndefined();
    expect(fieldValue(field({ key: 'b', type: 'boolean' }), true)).toBe(true);
    expect(fieldValue(field({ key: 'm', type: 'multiselect' }), ['a'])).toEqual(['a']);
  });

  it('offers a default per choice point and keeps a choice that still exists', () => {
    const definition = withIncident();
    const selections = mergeSelections(definition, fixtureCatalog, undefined);
    expect(selections['managerApproval']).toEqual({ option: 'approved', json: '', message: '' });
    expect(selections['createIncident1']!.option).toBe('success');
    expect(JSON.parse(selections['createIncident1']!.json)).toMatchObject({ number: 'INC0010001' });
    const kept = mergeSelections(definition, fixtureCatalog, {
      ...selections,
      managerApproval: { option: 'timeout', json: '', message: '' },
      serviceDesk: { option: 'no-such-outcome', json: '', message: '' },
    });
    expect(kept['managerApproval']!.option).toBe('timeout');
    expect(kept['serviceDesk']!.option).toBe('approved');
    expect(kept['gone']).toBeUndefined();
  });

  it('turns the selections into the model’s choices, and refuses JSON that does not parse', () => {
    const definition = withIncident();
    const input = mergeSampleInput(definition.input, undefined);
    const selections = mergeSelections(definition, fixtureCatalog, undefined);
    const failing = choicesFrom(definition, input, {
      ...selections,
      managerApproval: { option: 'rejected', json: '', message: '' },
      serviceDesk: { option: 'timeout', json: '', message: '' },
      createIncident1: { option: 'failure', json: '', message: 'ServiceNow is down' },
    });
    expect(failing).toMatchObject({
      ok: true,
      choices: {
        approvals: { managerApproval: { outcome: 'rejected' }, serviceDesk: { timeout: true } },
        tasks: { createIncident1: { ok: false, message: 'ServiceNow is down' } },
      },
    });
    const bad = choicesFrom(definition, input, {
      ...selections,
      createIncident1: { option: 'success', json: '{ number: ', message: '' },
    });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors['createIncident1']).toMatch(/^Not valid JSON/);
  });

  it('runs what the form chose: the rejection path, the timeout path, a failing call', () => {
    const definition = withIncident();
    const input = mergeSampleInput(definition.input, undefined);
    const selections = mergeSelections(definition, fixtureCatalog, undefined);
    const run = (over: Record<string, { option: string; json?: string; message?: string }>) => {
      const chosen = choicesFrom(definition, input, {
        ...selections,
        ...Object.fromEntries(Object.entries(over).map(([id, s]) => [id, { json: '', message: '', ...s }])),
      });
      if (!chosen.ok) throw new Error('choices refused');
      const result = runTest(definition, fixtureCatalog, chosen.choices);
      if (!result.ok) throw new Error(result.reason);
      return result;
    };
    const names = (id: string) => definition.nodes.find((n) => n.id === id)?.name ?? id;

    const rejected = run({ managerApproval: { option: 'rejected' } });
    expect(testPathOf(rejected)).toEqual({
      nodes: ['request', 'managerApproval', 'refused'],
      edges: ['e1', 'e3'],
    });
    expect(runSummary(rejected, names)).toBe('The workflow ended rejected.');
    expect(rejected.steps.map(stepNode)).toEqual(['managerApproval', 'managerApproval']);

    const timedOut = run({ managerApproval: { option: 'timeout' }, serviceDesk: { option: 'timeout' } });
    expect(testPathOf(timedOut).nodes).toEqual(['request', 'managerApproval', 'serviceDesk', 'refused']);

    const failed = run({ createIncident1: { option: 'failure', message: 'Down' } });
    expect(failed.path.nodes.slice(-2)).toEqual(['createIncident1', 'refused']);
    expect(failed.steps.at(-1)!.description).toContain('Down');

    const granted = run({
      createIncident1: { option: 'success', json: '{"sysId":"1","number":"INC7"}' },
    });
    expect(runSummary(granted, names)).toBe('The workflow completed.');
    expect(granted.steps.at(-1)!.context.nodes['createIncident1']).toMatchObject({
      result: { number: 'INC7' },
    });
  });

  it('says where an unfinished run waits', () => {
    const names = (id: string) => (id === 'w' ? 'Wait for the badge' : id);
    expect(
      runSummary(
        {
          ok: true,
          finished: false,
          outcome: null,
          output: null,
          error: null,
          path: { nodes: [], edges: [] },
          steps: [],
          waitingAt: ['w'],
        },
        names,
      ),
    ).toBe('The run stopped waiting at Wait for the badge.');
  });
});

describe('step list text', () => {
  it('says how long after the start a step came, and what each command asks', () => {
    expect(elapsedLabel(0)).toBe('+0 s');
    expect(elapsedLabel(1000)).toBe('+1 s');
    expect(elapsedLabel(3 * 86_400_000)).toBe('+3 d');
    expect(elapsedLabel(2 * 86_400_000 + 4 * 3_600_000 + 5000)).toBe('+2 d 4 h');
    expect(elapsedLabel(90 * 60_000)).toBe('+1 h 30 min');
    const definition = accessApproval();
    const run = runTest(definition, fixtureCatalog, {
      input: mergeSampleInput(definition.input, undefined),
      approvals: { managerApproval: { outcome: 'rejected' } },
    });
    if (!run.ok) throw new Error(run.reason);
    const names = (id: string) => definition.nodes.find((n) => n.id === id)?.name ?? id;
    const lines = run.steps.flatMap((s) => s.commands.map((c) => commandLine(c, names)));
    expect(lines).toContain('task.create Manager approval → user Sample your manager (user id)');
    expect(lines).toContain('timer.schedule Manager approval at 2026-01-08T09:00:00Z');
    expect(lines).toContain('instance.complete rejected');
  });
});

describe('a run that the drawing has moved on from', () => {
  it('is stale after a change to what runs, not after moving nodes or an equal copy', () => {
    const ran = accessApproval();
    expect(changedSinceRun(ran, ran)).toBe(false);
    expect(changedSinceRun(ran, accessApproval())).toBe(false);
    const moved = perform(createDocument(ran), 'move', { positions: { managerApproval: { x: 999, y: 5 } } });
    if (!moved.ok) throw new Error(moved.error);
    expect(changedSinceRun(ran, moved.value.definition)).toBe(false);
    expect(sameButLayout(ran, moved.value.definition)).toBe(true);
    expect(sameButLayout(ran, accessApproval())).toBe(false);
    const renamed = perform(createDocument(ran), 'rename', { nodeId: 'managerApproval', name: 'Boss' });
    if (!renamed.ok) throw new Error(renamed.error);
    expect(changedSinceRun(ran, renamed.value.definition)).toBe(true);
  });
});

describe('a loop in the drawing', () => {
  const looping = () =>
    WorkflowDefinitionSchema.parse(
      shapeToDefinition([
        { kind: 'task', retries: 1 },
        { kind: 'approval', policy: 'any', approvers: 1, rework: true, due: false },
      ]),
    );

  it('finds the nodes a loop comes back to', () => {
    const definition = looping();
    const approval = definition.nodes.find((n) => n.kind === 'approval')!.id;
    expect([...revisitable(definition)]).toEqual([approval]);
    expect(revisitable(accessApproval()).size).toBe(0);
  });

  it('takes one option on the first visit and another on later ones', () => {
    const definition = looping();
    const approval = definition.nodes.find((n) => n.kind === 'approval')!.id;
    const input = { n: 5 };
    const selections = mergeSelections(definition, testCatalog, undefined);
    const chosen = choicesFrom(definition, input, {
      ...selections,
      [approval]: { option: 'rework', later: 'approved', json: '', message: '' },
    });
    if (!chosen.ok) throw new Error('refused');
    expect(chosen.choices.approvals?.[approval]).toEqual([{ outcome: 'rework' }, { outcome: 'approved' }]);
    const run = runTest(definition, testCatalog, chosen.choices);
    if (!run.ok) throw new Error(run.reason);
    expect(run.finished).toBe(true);
    expect(run.path.nodes.filter((id) => id === approval)).toHaveLength(2);
    expect(loopedAt(run)).toBeUndefined();
    // A later option that no longer exists falls back to "the same".
    expect(
      mergeSelections(definition, testCatalog, {
        [approval]: { option: 'rework', later: 'gone', json: '', message: '' },
      })[approval]!.later,
    ).toBe('');
  });

  it('says when the same choice on every visit keeps the run going round', () => {
    const definition = looping();
    const approval = definition.nodes.find((n) => n.kind === 'approval')!.id;
    const chosen = choicesFrom(
      definition,
      { n: 5 },
      {
        ...mergeSelections(definition, testCatalog, undefined),
        [approval]: { option: 'rework', json: '', message: '' },
      },
    );
    if (!chosen.ok) throw new Error('refused');
    const run = runTest(definition, testCatalog, { ...chosen.choices, maxSteps: 200 });
    if (!run.ok) throw new Error(run.reason);
    expect(run.finished).toBe(false);
    expect(loopedAt(run)?.nodeId).toBe(approval);
    expect(runSummary(run, (id) => id)).toMatch(
      new RegExp(`^The run went round the loop at ${approval} \\d+ times and was stopped`),
    );
  });
});
