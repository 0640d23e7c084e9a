import { describe, expect, it } from 'vitest';
import { createDocument } from '../document/document';
import { perform } from '../document/actions';
import { accessApproval, fixtureCatalog } from '../testing/fixtures';
import { fieldLabel, firstProblem, focusOf, problemsAt, validateForEditor } from './problems';

function edited(...steps: ((d: ReturnType<typeof createDocument>) => ReturnType<typeof perform>)[]) {
  let doc = createDocument(accessApproval());
  for (const step of steps) {
    const result = step(doc);
    if (!result.ok) throw new Error(result.error);
    doc = result.value;
  }
  return doc.definition;
}

describe('problems', () => {
  it('the example has none', () => {
    expect(validateForEditor(accessApproval(), fixtureCatalog).all).toEqual([]);
  });

  it('keeps checking the drawing while a new node is unfinished, and points at its fields', () => {
    const definition = edited(
      (d) => perform(d, 'addNode', { kind: 'approval', position: { x: 0, y: 0 } }),
      (d) => perform(d, 'addNode', { kind: 'decision', position: { x: 0, y: 0 } }),
    );
    const index = validateForEditor(definition, fixtureCatalog);
    const approval = index.byNode.get('approval1')!;
    expect(approval.map((p) => p.code)).toEqual(
      expect.arrayContaining(['INVALID_DEFINITION', 'UNREACHABLE_NODE', 'APPROVAL_OUTCOME_WITHOUT_EDGE']),
    );
    const [assignees] = problemsAt(index, 'approval1', 'assignees');
    expect(assignees).toMatchObject({
      message: 'Name at least one approver',
      fieldLabel: 'Assignees',
      severity: 'error',
    });
    const when = problemsAt(index, 'decision1', 'conditions');
    expect(when.map((p) => [p.code, p.message, p.fieldLabel])).toEqual([
      ['INVALID_DEFINITION', 'Enter an expression', 'Condition 1 › When'],
    ]);
    expect(index.errors).toBeGreaterThan(3);
  });

  it('indexes edge problems by edge and node, and workflow problems apart', () => {
    const base = accessApproval();
    const definition = {
      ...base,
      input: [...base.input, { ...base.input[0]! }],
      edges: [...base.edges, { id: 'e11', source: 'request', sourceHandle: 'out', target: 'refused' }],
    };
    const index = validateForEditor(definition, fixtureCatalog);
    expect(index.byEdge.get('e11')!.map((p) => p.code)).toEqual(['DUPLICATE_HANDLE_EDGE']);
    expect(index.byNode.get('request')!.map((p) => p.code)).toContain('DUPLICATE_HANDLE_EDGE');
    expect(index.workflow.map((p) => [p.code, p.field, p.fieldLabel])).toEqual([
      ['DUPLICATE_NAME', 'input.4.key', 'Field 5 › Key'],
    ]);
  });

  it('shows a business key problem in the workflow settings, at its field', () => {
    const index = validateForEditor({ ...accessApproval(), businessKey: 'input.nope' }, fixtureCatalog);
    expect(index.workflow.map((p) => [p.code, p.field, p.fieldLabel])).toEqual([
      ['UNKNOWN_FIELD', 'businessKey', 'Business key'],
    ]);
    expect(problemsAt(index, undefined, 'businessKey')[0]!.message).toContain('no such field');
    const text = validateForEditor(
      { ...accessApproval(), businessKey: 'size(input.system)' },
      fixtureCatalog,
    );
    expect(text.workflow[0]!.message).toContain('must give text');
  });

  it('picks the first error in drawing order to focus, and says what to select', () => {
    const definition = edited(
      (d) => perform(d, 'setField', { nodeId: 'refused', path: ['output', 'system'], value: 'input.nope' }),
      (d) =>
        perform(d, 'setField', {
          nodeId: 'privileged',
          path: ['conditions', 0, 'when'],
          value: 'input.accessLevel +',
        }),
      (d) => perform(d, 'setField', { nodeId: 'serviceDesk', path: ['due'], value: undefined }),
    );
    const index = validateForEditor(definition, fixtureCatalog);
    const first = firstProblem(index, definition)!;
    expect(first).toMatchObject({
      nodeId: 'privileged',
      code: 'EXPRESSION_SYNTAX',
      field: 'conditions.0.when',
    });
    expect(focusOf(first)).toEqual({ nodes: ['privileged'], edges: [], field: 'conditions.0.when' });
    const warningsOnly = validateForEditor(
      edited((d) => perform(d, 'setField', { nodeId: 'serviceDesk', path: ['due'], value: undefined })),
      fixtureCatalog,
    );
    expect(firstProblem(warningsOnly, accessApproval())).toMatchObject({
      code: 'APPROVAL_WITHOUT_DUE',
      severity: 'warning',
    });
  });

  it('labels fields in words', () => {
    expect(fieldLabel(['requireCommentOn', 0])).toBe('Comment on 1');
    expect(fieldLabel(['due', 'onTimeout', 'outcome'])).toBe('Due › On timeout › Outcome');
  });
});
