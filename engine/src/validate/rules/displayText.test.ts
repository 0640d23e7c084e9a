import { describe, expect, it } from 'vitest';
import { aWorkflow, n, testCatalog } from '../../testing';
import { parseDefinition, validate } from '../index';

const RLO = '\u202e';

const unsafe = (definition: ReturnType<ReturnType<typeof aWorkflow>['document']>) => {
  const parsed = parseDefinition(definition);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return validate(parsed.value, testCatalog)
    .filter((issue) => issue.code === 'UNSAFE_TEXT')
    .map(({ severity, nodeId, edgeId, path, message }) => ({ severity, nodeId, edgeId, path, message }));
};

describe('validation: names and labels people read', () => {
  it('puts a control character in a step name on that step, as an error', () => {
    const definition = aWorkflow()
      .nodes(n.trigger(), { ...n.task('call'), name: 'Call\u0000' }, n.end('done'))
      .edges('start -> call', 'call -> done')
      .document();
    expect(unsafe(definition)).toEqual([
      {
        severity: 'error',
        nodeId: 'call',
        edgeId: undefined,
        path: ['nodes', 1, 'name'],
        message: 'The name must not contain control characters (U+0000 at character 5)',
      },
    ]);
  });

  it('finds a text-direction override in the workflow name and in what an approver reads', () => {
    const definition = {
      ...aWorkflow()
        .input({ key: 'amount', label: `Amount ${RLO}`, type: 'number' })
        .nodes(
          n.trigger(),
          n.approval('boss', {
            title: `Approve ${RLO}`,
            instructions: 'Check:\n\tthe budget', // lines and tabs are fine here
            outcomes: [
              { id: 'approved', label: `Yes${RLO}` },
              { id: 'rejected', label: 'No' },
            ],
            form: [
              { key: 'note', label: 'Note', type: 'select', options: [{ value: 'a', label: `A${RLO}` }] },
            ],
          }),
          n.end('yes'),
          n.end('no', 'rejected'),
        )
        .edges('start -> boss', 'boss:approved -> yes', 'boss:rejected -> no')
        .document(),
      name: `Laptop ${RLO}`,
    };
    definition.edges![0]!.label = `go${RLO}`;
    expect(unsafe(definition).map((issue) => [issue.nodeId ?? issue.edgeId, issue.path.join('.')])).toEqual([
      [undefined, 'name'],
      [undefined, 'input.0.label'],
      ['boss', 'nodes.1.title'],
      ['boss', 'nodes.1.outcomes.0.label'],
      ['boss', 'nodes.1.form.0.options.0.label'],
      ['e1', 'edges.0.label'],
    ]);
  });

  it('takes line breaks in a description but not in a name', () => {
    const definition = {
      ...aWorkflow()
        .nodes({ ...n.trigger(), name: 'Start\nhere', description: 'First line\nsecond line' }, n.end('done'))
        .edges('start -> done')
        .document(),
      description: 'What it is for.\nAnd why.',
    };
    expect(unsafe(definition).map((issue) => issue.path.join('.'))).toEqual(['nodes.0.name']);
  });
});
