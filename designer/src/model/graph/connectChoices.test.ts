import { describe, expect, it } from 'vitest';
import { perform } from '../document/actions';
import { createDocument } from '../document/document';
import { accessApproval } from '../testing/fixtures';
import { connectSource, connectTargets } from './connectChoices';

/** The example with the security review's reject edge removed: that exit is free. */
const withFreeExit = () => {
  const definition = accessApproval();
  return { ...definition, edges: definition.edges.filter((e) => e.id !== 'e10') };
};

describe('connecting by keyboard: the exits and targets offered', () => {
  it('offers the exits no edge takes yet, with their labels', () => {
    expect(connectSource(withFreeExit(), 'securityApproval')).toEqual({
      ok: true,
      name: 'IT security review',
      exits: [{ id: 'rejected', label: 'Reject', required: true }],
    });
  });

  it('says why a step can take no new edge: an end, or every exit taken', () => {
    const definition = accessApproval();
    const end = connectSource(definition, 'granted');
    expect(end.ok).toBe(false);
    expect(!end.ok && end.reason).toBe('"Access granted" ends the workflow; nothing can follow it');
    const full = connectSource(definition, 'managerApproval');
    expect(!full.ok && full.reason).toMatch(/^Every exit of "Manager approval" already has an edge/);
    expect(connectSource(definition, 'nope').ok).toBe(false);
  });

  it('an exit that takes many edges (a parallel split) stays on offer', () => {
    const base = accessApproval();
    const definition = {
      ...base,
      nodes: [...base.nodes, { id: 'split', name: 'Both', kind: 'parallel' as const }],
      edges: [...base.edges, { id: 'e11', source: 'split', sourceHandle: 'out', target: 'granted' }],
    };
    const split = connectSource(definition, 'split');
    expect(split.ok && split.exits.map((e) => e.id)).toEqual(['out']);
  });

  it('lists every step as a target, allowed first, the refused ones with the engine’s reason', () => {
    const targets = connectTargets(withFreeExit(), 'securityApproval', 'rejected');
    expect(targets.map((t) => t.id)).toEqual([
      'managerApproval',
      'privileged',
      'serviceDesk',
      'granted',
      'refused',
      'securityApproval',
      'request',
    ]);
    expect(targets.at(-1)).toEqual({
      id: 'request',
      name: 'Access requested',
      kind: 'trigger',
      refusal: 'Nothing can lead back into the trigger "Access requested"',
    });
    expect(targets.filter((t) => t.refusal)).toHaveLength(1);
  });

  it('searches by name or id, in any case', () => {
    const definition = withFreeExit();
    expect(connectTargets(definition, 'securityApproval', 'rejected', 'ACCESS').map((t) => t.id)).toEqual([
      'privileged',
      'granted',
      'refused',
      'request',
    ]);
    expect(
      connectTargets(definition, 'securityApproval', 'rejected', 'servicedesk').map((t) => t.id),
    ).toEqual(['serviceDesk']);
    expect(connectTargets(definition, 'securityApproval', 'rejected', 'zzz')).toEqual([]);
  });

  it('a target it allows connects with the connect action, and the exit is then taken', () => {
    const doc = createDocument(withFreeExit());
    const [first] = connectTargets(doc.definition, 'securityApproval', 'rejected', 'refused');
    const next = perform(doc, 'connect', {
      source: 'securityApproval',
      sourceHandle: 'rejected',
      target: first!.id,
    });
    expect(next.ok ? next.value.definition.edges.at(-1) : next.error).toMatchObject({
      source: 'securityApproval',
      sourceHandle: 'rejected',
      target: 'refused',
    });
    expect(connectSource(next.ok ? next.value.definition : doc.definition, 'securityApproval').ok).toBe(
      false,
    );
  });
});
