import { describe, expect, it } from 'vitest';
import { accessApproval, fixtureCatalog } from './fixtures';
import { createTestDesigner } from './testDesigner';

describe('the test designer', () => {
  it('draws, checks and copies like the canvas, headless', () => {
    const designer = createTestDesigner(accessApproval(), fixtureCatalog);
    designer.do('addNode', { kind: 'approval', position: { x: 0, y: 500 } });
    expect(designer.flow().nodes.find((n) => n.id === 'approval1')?.selected).toBe(true);
    expect(
      designer
        .problems()
        .byNode.get('approval1')!
        .map((p) => p.message),
    ).toContain('Name at least one approver');
    designer.do('setField', {
      nodeId: 'approval1',
      path: ['assignees'],
      value: [{ type: 'user', id: 'ann' }],
    });
    expect(
      designer
        .problems()
        .byNode.get('approval1')!
        .map((p) => p.message),
    ).not.toContain('Name at least one approver');
    expect(
      designer.refused('connect', { source: 'granted', sourceHandle: 'out', target: 'approval1' }),
    ).toContain('ends the workflow');
    designer.do('paste', { text: designer.copy()! });
    expect(designer.definition.nodes.map((n) => n.id)).toContain('approval2');
    designer.undo(3);
    expect(designer.store.getState().past).toHaveLength(0);
    expect(designer.definition).toStrictEqual(accessApproval());
  });
});
