import { describe, expect, it } from 'vitest';
import { createDocument } from '../document/document';
import { perform } from '../document/actions';
import { accessApproval, fixtureCatalog } from '../testing/fixtures';
import { completionsFor, expressionScope, type ScopeEntry } from './expressionScope';

const find = (tree: readonly ScopeEntry[], path: string): ScopeEntry | undefined => {
  let level = tree;
  let found: ScopeEntry | undefined;
  for (const name of path.split('.')) {
    found = level.find((e) => e.name === name);
    if (!found) return undefined;
    level = found.children;
  }
  return found;
};

/** The example with a ServiceNow task after the grant, and a variable. */
function withTask() {
  let doc = createDocument({
    ...accessApproval(),
    variables: [{ name: 'ticket', type: 'string' as const, description: 'The incident number' }],
  });
  const steps = [
    (d: typeof doc) =>
      perform(d, 'insertNodeOnEdge', { edgeId: 'e8', kind: 'task', action: 'servicenow.createIncident' }),
  ];
  for (const step of steps) {
    const r = step(doc);
    if (!r.ok) throw new Error(r.error);
    doc = r.value;
  }
  return doc.definition;
}

describe('expression scope', () => {
  it('offers the form fields with types, the variables, upstream nodes and now', () => {
    const definition = withTask();
    const tree = expressionScope(definition, fixtureCatalog, 'granted', ['nodes', 5, 'output', 'system']);
    expect(tree.map((e) => e.name)).toEqual(['input', 'vars', 'nodes', 'now']);
    expect(find(tree, 'input')!.children.map((e) => [e.name, e.type])).toEqual([
      ['system', 'string'],
      ['accessLevel', 'string'],
      ['justification', 'string'],
      ['manager', 'string'],
    ]);
    expect(find(tree, 'input.manager')!.detail).toBe(
      'Your manager (user id) — Not yourself: a requester may not approve their own request',
    );
    expect(find(tree, 'vars.ticket')).toMatchObject({ type: 'string', detail: 'The incident number' });
    expect(find(tree, 'now')!.type).toBe('timestamp');
    expect(
      find(tree, 'nodes')!
        .children.map((e) => e.name)
        .sort(),
    ).toEqual(['createIncident1', 'managerApproval', 'privileged', 'securityApproval', 'serviceDesk']);
    expect(find(tree, 'nodes.createIncident1.result')!.detail).toBe('What Create incident returned');
    expect(find(tree, 'nodes.createIncident1.result')!.children.map((e) => [e.path, e.type])).toEqual([
      ['nodes.createIncident1.result.sysId', 'string'],
      ['nodes.createIncident1.result.number', 'string'],
      ['nodes.createIncident1.result.state', 'string'],
      ['nodes.createIncident1.result.openedAt', 'string'],
    ]);
    expect(find(tree, 'nodes.managerApproval.outcome')!.type).toBe('string');
    expect(find(tree, 'nodes.managerApproval.decisions')!.type).toBe('list<object>');
  });

  it('offers only nodes that run before the place, and result/job where they exist', () => {
    const definition = withTask();
    const index = definition.nodes.findIndex((n) => n.id === 'createIncident1');
    const input = expressionScope(definition, fixtureCatalog, 'createIncident1', [
      'nodes',
      index,
      'input',
      'shortDescription',
    ]);
    expect(find(input, 'nodes.createIncident1')).toBeUndefined();
    expect(find(input, 'nodes.granted')).toBeUndefined();
    expect(find(input, 'job.idempotencyKey')!.type).toBe('string');
    const start = expressionScope(definition, fixtureCatalog, 'managerApproval');
    expect(find(start, 'nodes')!.children).toEqual([]);
  });

  it('offers only the request form to the workflow’s business key', () => {
    const tree = expressionScope(withTask(), fixtureCatalog, '', ['businessKey']);
    expect(tree.map((e) => e.name)).toEqual(['input']);
    expect(find(tree, 'input.system')).toMatchObject({ type: 'string' });
  });

  it('completes the text before the cursor', () => {
    const tree = expressionScope(withTask(), fixtureCatalog, 'granted');
    expect(completionsFor(tree, 'inp')).toMatchObject({ from: 0, options: [{ path: 'input' }] });
    expect(completionsFor(tree, 'size(input.')!.options.map((e) => e.name)).toEqual([
      'system',
      'accessLevel',
      'justification',
      'manager',
    ]);
    expect(completionsFor(tree, 'input.acc')).toMatchObject({
      from: 6,
      options: [{ path: 'input.accessLevel' }],
    });
    expect(completionsFor(tree, 'nodes.createIncident1.result.nu')!.options.map((e) => e.path)).toEqual([
      'nodes.createIncident1.result.number',
    ]);
    expect(completionsFor(tree, 'ghost.')!.options).toEqual([]);
  });
});
