import { describe, expect, it } from 'vitest';
import { createEditorStore } from '../model';
import { accessApproval, fixtureCatalog } from '../model/testing/fixtures';
import { exportFile } from './definitionFile';
import { importDefinition } from './definitionImport';

const catalog = fixtureCatalog;

describe('importing a definition file', () => {
  it('says plainly when the file is not JSON, or not a definition', () => {
    const notJson = importDefinition('{"nodes": [', 'access-approval', catalog);
    expect(notJson).toMatchObject({ ok: false, summary: expect.stringMatching(/^The file is not JSON/) });
    const array = importDefinition('[1, 2]', 'access-approval', catalog);
    expect(array).toMatchObject({ ok: false, summary: expect.stringMatching(/not a workflow definition/) });
  });

  it('names the node and field of each error in a file that does not follow the format', () => {
    const broken = accessApproval() as unknown as { nodes: Record<string, unknown>[] };
    broken.nodes[1] = { ...broken.nodes[1], assignees: [] };
    const result = importDefinition(JSON.stringify(broken), 'access-approval', catalog);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.summary).toMatch(/does not follow the workflow format/);
    expect(result.issues).toContainEqual(
      expect.objectContaining({
        where: 'Step “Manager approval” (managerApproval) › Assignees',
        message: 'Name at least one approver',
        nodeId: 'managerApproval',
      }),
    );
  });

  it('refuses a file whose workflow has validation errors, as publishing would', () => {
    const definition = accessApproval();
    const dangling = { ...definition, edges: definition.edges.filter((e) => e.source !== 'request') };
    const result = importDefinition(JSON.stringify(dangling), 'access-approval', catalog);
    expect(result).toMatchObject({ ok: false, summary: expect.stringMatching(/would not publish/) });
    if (result.ok) return;
    expect(result.issues.some((i) => i.where.startsWith('Step “Access requested” (request)'))).toBe(true);
  });

  it('takes a good file under this workflow’s id, and the store replaces the draft as one undoable edit', () => {
    const exported = exportFile({ ...accessApproval(), id: 'elsewhere', name: 'Imported' });
    expect(exported.name).toBe('elsewhere.json');
    const result = importDefinition(exported.text, 'access-approval', catalog);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.definition).toMatchObject({ id: 'access-approval', name: 'Imported' });
    expect(result.notes[0]).toMatch(/exported from “elsewhere”/);

    const store = createEditorStore(accessApproval());
    store.getState().dispatch('rename', { nodeId: 'granted', name: 'Done' });
    const before = store.getState().doc.definition;
    store.getState().dispatch('replaceDefinition', { definition: result.definition });
    expect(store.getState().doc.definition.name).toBe('Imported');
    store.getState().undo();
    expect(store.getState().doc.definition).toBe(before);
  });
});
