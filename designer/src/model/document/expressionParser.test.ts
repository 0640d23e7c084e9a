import { describe, expect, it, vi } from 'vitest';
import { accessApproval } from '../testing/fixtures';

// The setup file loads the parser for every other test; these start from a fresh module registry,
// as the editor does before anyone renames, duplicates or pastes.
const fresh = async () => {
  vi.resetModules();
  const [actions, document, parser] = await Promise.all([
    import('./actions'),
    import('./document'),
    import('./expressionParser'),
  ]);
  return { ...actions, ...document, ...parser };
};

const reading = 'nodes.managerApproval.decisions[0].by';

describe('the expression parser, loaded on first use', () => {
  it('is not needed for a rename when no expression reads the step', async () => {
    const { perform, createDocument, expressionParser, whenReady } = await fresh();
    expect(expressionParser()).toBeUndefined();
    const renamed = perform(createDocument(accessApproval()), 'rename', { nodeId: 'request', id: 'asked' });
    expect(renamed.ok && renamed.value.definition.nodes.map((n) => n.id)).toContain('asked');
    // Edits that never rewrite expressions never wait.
    expect(whenReady('move')).toBeUndefined();
    expect(whenReady('setField')).toBeUndefined();
  });

  it('is waited for by the edits that rewrite expressions, which then rewrite them', async () => {
    const { perform, createDocument, expressionParser, whenReady } = await fresh();
    const base = createDocument(accessApproval());
    const withReference = perform(base, 'setField', {
      nodeId: 'granted',
      path: ['output', 'by'],
      value: reading,
    });
    if (!withReference.ok) throw new Error(withReference.error);
    // Run too early (a caller that skipped whenReady), the rename fails loudly rather than leave
    // the expression reading a step that is gone.
    expect(() =>
      perform(withReference.value, 'rename', { nodeId: 'managerApproval', id: 'manager' }),
    ).toThrow(/not loaded/);
    for (const id of ['rename', 'duplicate', 'paste'] as const) expect(whenReady(id)).toBeInstanceOf(Promise);
    await whenReady('rename');
    expect(expressionParser()).toBeDefined();
    expect(whenReady('rename')).toBeUndefined();
    const renamed = perform(withReference.value, 'rename', { nodeId: 'managerApproval', id: 'manager' });
    if (!renamed.ok) throw new Error(renamed.error);
    const granted = renamed.value.definition.nodes.find((n) => n.id === 'granted');
    expect(granted?.kind === 'end' && granted.output['by']).toBe('nodes.manager.decisions[0].by');
  });
});
