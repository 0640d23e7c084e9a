import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WorkflowDefinitionSchema, formToValidator } from '@flowline/engine';
import { richDefinition, testCatalog } from '@flowline/engine/testing';
import { createDocument } from '../document/document';
import { perform } from '../document/actions';
import { accessApproval, fixtureCatalog } from '../testing/fixtures';
import { sampleFromSchema, sampleInput } from './sampleData';
import { DEFAULT_START, choicePoints, defaultChoices, runTest, type TestRun } from './testRunModel';

const input = { system: 'crm', accessLevel: 'read', justification: 'Reports', manager: 'maria' };
const DAY = 86_400_000;

function ran(run: TestRun) {
  if (!run.ok) throw new Error(run.reason);
  return run;
}

describe('a test run of the access-approval example', () => {
  it('takes the rejection path when the manager rejects', () => {
    const run = ran(
      runTest(accessApproval(), fixtureCatalog, {
        input,
        approvals: { managerApproval: { outcome: 'rejected' } },
      }),
    );
    expect(run.finished).toBe(true);
    expect(run.outcome).toBe('rejected');
    expect(run.output).toEqual({ system: 'crm' });
    expect(run.path).toEqual({ nodes: ['request', 'managerApproval', 'refused'], edges: ['e1', 'e3'] });
    expect(run.steps.map((s) => s.description)).toEqual([
      'Started with the sample input',
      'Manager approval: Reject (by maria)',
    ]);
    const [start, decided] = run.steps;
    expect(start!.commands.map((c) => c.type)).toEqual(
      expect.arrayContaining(['task.create', 'timer.schedule']),
    );
    expect(start!.waiting).toEqual(['managerApproval']);
    expect(decided!.context.nodes['managerApproval']).toMatchObject({ outcome: 'rejected' });
    expect(decided!.commands.map((c) => c.type)).toContain('instance.complete');
  });

  it('takes the timeout path: nobody decides in three days, the service desk is asked, and it times out too', () => {
    const run = ran(
      runTest(accessApproval(), fixtureCatalog, {
        input,
        approvals: { managerApproval: { timeout: true }, serviceDesk: { timeout: true } },
      }),
    );
    expect(run.outcome).toBe('rejected');
    expect(run.path).toEqual({
      nodes: ['request', 'managerApproval', 'serviceDesk', 'refused'],
      edges: ['e1', 'e4', 'e6'],
    });
    const escalated = run.steps.find((s) => s.entered.includes('serviceDesk'))!;
    expect(escalated.description).toBe('Manager approval: time passed');
    expect(escalated.at).toBe(DEFAULT_START + 3 * DAY);
    expect(escalated.context.nodes['managerApproval']).toMatchObject({
      outcome: 'escalated',
      timedOut: true,
    });
    const last = run.steps.at(-1)!;
    expect(last.at).toBe(DEFAULT_START + 5 * DAY);
    expect(run.steps.map((s) => s.at)).toEqual([...run.steps.map((s) => s.at)].sort((a, b) => a - b));
  });

  it('follows the escalation to a grant, and the privileged path to a quorum', () => {
    const escalated = ran(
      runTest(accessApproval(), fixtureCatalog, { input, approvals: { managerApproval: { timeout: true } } }),
    );
    expect(escalated.path.edges).toEqual(['e1', 'e4', 'e5', 'e8']);
    expect(escalated.outcome).toBe('completed');
    const privileged = ran(
      runTest(accessApproval(), fixtureCatalog, { input: { ...input, system: 'prod-db' } }),
    );
    expect(privileged.path.nodes).toEqual([
      'request',
      'managerApproval',
      'privileged',
      'securityApproval',
      'granted',
    ]);
    expect(privileged.path.edges).toEqual(['e1', 'e2', 'e7', 'e9']);
    expect(privileged.steps.filter((s) => s.eventType === 'task.decided')).toHaveLength(3);
  });

  it('lets a connector call fail, and gives a successful one sample output from its schema', () => {
    let doc = createDocument(accessApproval());
    const inserted = perform(doc, 'insertNodeOnEdge', {
      edgeId: 'e8',
      kind: 'task',
      action: 'servicenow.createIncident',
    });
    if (!inserted.ok) throw new Error(inserted.error);
    doc = inserted.value;
    const wired = [
      perform(doc, 'setField', {
        nodeId: 'createIncident1',
        path: ['input', 'shortDescription'],
        value: '"Grant " + input.system',
      }),
    ];
    if (!wired[0]!.ok) throw new Error(wired[0]!.error);
    const errorEdge = perform(wired[0]!.value, 'connect', {
      source: 'createIncident1',
      sourceHandle: 'error',
      target: 'refused',
    });
    if (!errorEdge.ok) throw new Error(errorEdge.error);
    const definition = errorEdge.value.definition;
    const success = ran(
      runTest(definition, fixtureCatalog, { ...defaultChoices(definition, fixtureCatalog), input }),
    );
    expect(success.outcome).toBe('completed');
    expect(success.steps.at(-1)!.context.nodes['createIncident1']).toMatchObject({
      input: { shortDescription: 'Grant crm' },
      result: { number: 'INC0010001', state: 'new', openedAt: '2026-01-05T09:00:00Z' },
    });
    const failure = ran(
      runTest(definition, fixtureCatalog, {
        input,
        tasks: { createIncident1: { ok: false, code: 'DOWN', message: 'ServiceNow is down' } },
      }),
    );
    expect(failure.outcome).toBe('rejected');
    expect(failure.path.nodes.slice(-2)).toEqual(['createIncident1', 'refused']);
    expect(failure.steps.at(-1)!.description).toBe(
      'Create incident: the call failed (DOWN: ServiceNow is down)',
    );
  });

  it('is refused, with the problems, for a workflow with errors or input the form refuses', () => {
    const broken = runTest({ ...accessApproval(), edges: accessApproval().edges.slice(1) }, fixtureCatalog);
    expect(broken.ok).toBe(false);
    expect(!broken.ok && broken.problems.map((p) => p.code)).toContain('UNREACHABLE_NODE');
    const badInput = runTest(accessApproval(), fixtureCatalog, { input: { system: 'mainframe' } });
    expect(!badInput.ok && badInput.reason).toContain('The sample input does not fit the request form');
  });

  it('offers a choice at every approval, task, event wait and subworkflow', () => {
    expect(choicePoints(accessApproval()).map((c) => [c.nodeId, c.options.map((o) => o.id)])).toEqual([
      ['managerApproval', ['approved', 'rejected', 'timeout']],
      ['securityApproval', ['approved', 'rejected', 'timeout']],
      ['serviceDesk', ['approved', 'rejected', 'timeout']],
    ]);
  });
});

describe('test runs of generated workflows', () => {
  it('finish, and draw a connected path from the trigger', () => {
    fc.assert(
      fc.property(richDefinition, (doc) => {
        const definition = WorkflowDefinitionSchema.parse(doc);
        const run = ran(runTest(definition, testCatalog, { subworkflows: {}, input: { n: 5 } }));
        const edges = new Map(definition.edges.map((e) => [e.id, e]));
        expect(run.path.nodes[0]).toBe('start');
        const reached = new Set(run.path.edges.map((id) => edges.get(id)!.target));
        for (const id of run.path.nodes.slice(1))
          expect(reached.has(id), `${id} has no edge into it`).toBe(true);
        for (const id of run.path.edges) expect(run.path.nodes).toContain(edges.get(id)!.source);
        if (run.finished)
          expect(definition.nodes.find((n) => n.id === run.path.nodes.at(-1))!.kind).toBe('end');
      }),
      { numRuns: 80 },
    );
  });
});

describe('sample data', () => {
  it('fills a request form its validator accepts, and output from a schema', () => {
    expect(
      formToValidator(accessApproval().input).safeParse(sampleInput(accessApproval().input)).success,
    ).toBe(true);
    expect(
      sampleFromSchema({
        type: 'object',
        properties: {
          id: { type: 'integer', minimum: 3 },
          tags: { type: 'array', items: { type: 'string' } },
        },
      }),
    ).toEqual({
      id: 3,
      tags: ['sample tags'],
    });
  });
});

describe('a test run of a for-each', () => {
  const definition = WorkflowDefinitionSchema.parse({
    id: 'notify',
    name: 'Notify',
    nodes: [
      { id: 'start', name: 'Start', kind: 'trigger', trigger: { type: 'manual' } },
      {
        id: 'each',
        name: 'Each service',
        kind: 'forEach',
        items: '["mail", "vpn", "wiki"]',
        mode: 'parallel',
        concurrency: 2,
        onItemError: 'collect',
        run: { type: 'task', action: 'test.noop', input: { value: 'item' } },
      },
      { id: 'done', name: 'Done', kind: 'end', output: { failed: 'nodes.each.failed' } },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'each' },
      { id: 'e2', source: 'each', target: 'done' },
    ],
  });

  it('offers one choice for its items and runs every item, succeeding or failing as chosen', () => {
    expect(choicePoints(definition)).toEqual([expect.objectContaining({ nodeId: 'each', kind: 'task' })]);
    const ok = ran(runTest(definition, testCatalog, defaultChoices(definition, testCatalog)));
    expect(ok.outcome).toBe('completed');
    expect(ok.steps.at(-1)!.context.nodes['each']).toMatchObject({ failed: 0 });
    const failing = ran(runTest(definition, testCatalog, { tasks: { each: { ok: false } } }));
    expect(failing.steps.at(-1)!.context.output).toEqual({ failed: 3 });
  });
});

describe('a test run of a manual task', () => {
  const definition = WorkflowDefinitionSchema.parse({
    id: 'laptop',
    name: 'Laptop',
    nodes: [
      { id: 'start', name: 'Start', kind: 'trigger', trigger: { type: 'manual' } },
      {
        id: 'serial',
        name: 'Serial number',
        kind: 'manualTask',
        title: 'Record the serial number',
        assignees: [{ type: 'user', id: 'ivan' }],
        outcomes: [
          { id: 'done', label: 'Done' },
          { id: 'notNeeded', label: 'Not needed' },
        ],
        due: { after: 'P1D' },
      },
      { id: 'ok', name: 'OK', kind: 'end' },
      { id: 'skip', name: 'Skip', kind: 'end' },
      { id: 'late', name: 'Late', kind: 'end', outcome: 'rejected' },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'serial' },
      { id: 'e2', source: 'serial', sourceHandle: 'done', target: 'ok' },
      { id: 'e3', source: 'serial', sourceHandle: 'notNeeded', target: 'skip' },
      { id: 'e4', source: 'serial', sourceHandle: 'timeout', target: 'late' },
    ],
  });

  it('offers its outcomes and the timeout as choices, finishes done by default, and follows each', () => {
    expect(choicePoints(definition).map((c) => [c.nodeId, c.options.map((o) => o.id)])).toEqual([
      ['serial', ['done', 'notNeeded', 'timeout']],
    ]);
    const byDefault = ran(runTest(definition, testCatalog, {}));
    expect(byDefault.path.nodes).toEqual(['start', 'serial', 'ok']);
    expect(byDefault.steps.map((s) => s.description)).toContain('Serial number: Done (by ivan)');
    const skipped = ran(
      runTest(definition, testCatalog, { approvals: { serial: { outcome: 'notNeeded' } } }),
    );
    expect(skipped.path).toEqual({ nodes: ['start', 'serial', 'skip'], edges: ['e1', 'e3'] });
    const late = ran(runTest(definition, testCatalog, { approvals: { serial: { timeout: true } } }));
    expect(late.path).toEqual({ nodes: ['start', 'serial', 'late'], edges: ['e1', 'e4'] });
  });
});
