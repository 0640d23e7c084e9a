import { NODE_KINDS, expressionSites, type WorkflowDefinition } from '@flowline/engine';
import { describe, expect, it } from 'vitest';
import { newNode } from '../document/newNode';
import { accessApproval, fixtureCatalog } from '../testing/fixtures';
import { validateForEditor } from '../validation/problems';
import {
  expressionMarks,
  nearestField,
  problemPlace,
  problemsOfField,
  problemsOfNodeItself,
} from './fieldProblems';
import {
  actionInfo,
  actionInputFields,
  expressionPlace,
  kindFields,
  nodeFormFields,
  workflowFields,
} from './nodeForm';
import { fieldOf, initialValue, variantOf, variantValue, words, type FormField } from './schemaToFields';

const byKey = (fields: readonly FormField[], key: string) => {
  const found = fields.find((f) => f.key === key);
  if (!found) throw new Error(`no field ${key}`);
  return found;
};

describe('schema to fields', () => {
  it('turns JSON Schema types into field kinds', () => {
    expect(fieldOf('name', { type: 'string', maxLength: 120 }, true)).toMatchObject({
      type: 'text',
      label: 'Name',
      required: true,
      multiline: false,
    });
    expect(fieldOf('instructions', { type: 'string', maxLength: 4000 })).toMatchObject({ multiline: true });
    expect(fieldOf('maxAttempts', { type: 'integer', minimum: 1, maximum: 20, default: 3 })).toMatchObject({
      type: 'number',
      integer: true,
      min: 1,
      max: 20,
      default: 3,
      label: 'Max attempts',
    });
    expect(fieldOf('catchUp', { type: 'string', enum: ['none', 'latest'] })).toMatchObject({
      type: 'choice',
      options: [
        { value: 'none', label: 'None' },
        { value: 'latest', label: 'Latest' },
      ],
    });
    expect(fieldOf('allow', { type: 'boolean' }).type).toBe('boolean');
    expect(fieldOf('initial', {}).type).toBe('json');
    expect(words('requireCommentOn')).toBe('Require comment on');
  });

  it('reads the engine’s node kinds: expressions, durations, mappings, lists and variants', () => {
    const approval = kindFields('approval');
    expect(approval.map((f) => f.key)).not.toContain('id');
    expect(byKey(approval, 'assignees')).toMatchObject({ type: 'list', itemLabel: 'approver', minItems: 1 });
    const assignee = (byKey(approval, 'assignees') as Extract<FormField, { type: 'list' }>).item;
    expect(assignee).toMatchObject({ type: 'variants', discriminator: 'type' });
    expect((assignee as Extract<FormField, { type: 'variants' }>).variants.map((v) => v.value)).toEqual([
      'user',
      'group',
      'expression',
    ]);
    const policy = byKey(approval, 'policy') as Extract<FormField, { type: 'variants' }>;
    expect(policy.variants.find((v) => v.value === 'all')?.help).toBe('Every assignee must approve');
    const due = byKey(approval, 'due') as Extract<FormField, { type: 'object' }>;
    expect(due.required).toBe(false);
    // Due dates, reminders and timeouts are fixed or computed per run; a task's retry delays are fixed.
    expect(byKey(due.fields, 'after')).toMatchObject({ type: 'durationOrExpression', label: 'After' });
    const reminders = byKey(approval, 'reminders') as Extract<FormField, { type: 'object' }>;
    expect(byKey(reminders.fields, 'every').type).toBe('durationOrExpression');
    const wait = byKey(kindFields('wait'), 'wait') as Extract<FormField, { type: 'variants' }>;
    const forEvent = wait.variants.find((v) => v.value === 'event')!;
    expect(byKey(forEvent.fields, 'timeout')).toMatchObject({
      type: 'durationOrExpression',
      help: 'Without an event in time, take the timeout exit',
    });
    const retry = byKey(kindFields('task'), 'retry') as Extract<FormField, { type: 'object' }>;
    expect(byKey(retry.fields, 'initialDelay').type).toBe('duration');
    expect(byKey(approval, 'segregationOfDuties')).toMatchObject({
      type: 'boolean',
      help: expect.stringContaining('requester'),
    });

    const decision = kindFields('decision');
    const condition = (byKey(decision, 'conditions') as Extract<FormField, { type: 'list' }>).item;
    expect(byKey((condition as Extract<FormField, { type: 'object' }>).fields, 'when').type).toBe(
      'expression',
    );

    expect(
      nodeFormFields(newNode('task', { id: 't', action: 'email.send' }), fixtureCatalog).map((f) => f.key),
    ).not.toContain('action');
    const task = kindFields('task');
    expect(byKey(task, 'input')).toMatchObject({ type: 'mapping', value: { type: 'expression' } });
    expect(byKey(task, 'retry')).toMatchObject({ type: 'object', label: 'Retry policy' });
  });

  it('names a task’s action input fields from the catalog', () => {
    const fields = actionInputFields(fixtureCatalog, 'servicenow.createIncident');
    expect(fields).toEqual([
      expect.objectContaining({
        key: 'shortDescription',
        type: 'expression',
        required: true,
        label: 'Short description',
      }),
      expect.objectContaining({ key: 'urgency', required: false, help: 'Gives a whole number.' }),
    ]);
    const node = newNode('task', { id: 'ticket', action: 'servicenow.createIncident' });
    const input = byKey(nodeFormFields(node, fixtureCatalog), 'input') as Extract<
      FormField,
      { type: 'mapping' }
    >;
    expect(input.known?.map((f) => f.key)).toEqual(['shortDescription', 'urgency']);
    expect(actionInfo(fixtureCatalog, 'servicenow.createIncident')).toMatchObject({
      title: 'Create incident',
      connector: 'ServiceNow',
      known: true,
    });
    expect(actionInfo(fixtureCatalog, 'nope.missing')).toMatchObject({ known: false });
  });

  it('gives the workflow’s own settings', () => {
    expect(workflowFields().map((f) => f.key)).toEqual([
      'name',
      'description',
      'businessKey',
      'input',
      'variables',
    ]);
    expect(byKey(workflowFields(), 'businessKey')).toMatchObject({
      type: 'expression',
      label: 'Business key',
      required: false,
    });
    const form = byKey(workflowFields(), 'input') as Extract<FormField, { type: 'list' }>;
    expect(form.item.type).toBe('object');
  });

  it('starts new items, variants and optional objects with what they need', () => {
    const approval = kindFields('approval');
    const assignee = (byKey(approval, 'assignees') as Extract<FormField, { type: 'list' }>).item as Extract<
      FormField,
      { type: 'variants' }
    >;
    expect(initialValue(assignee)).toEqual({ type: 'user', id: '' });
    expect(variantValue(assignee, 'expression')).toEqual({ type: 'expression', expression: '' });
    expect(variantOf(assignee, { type: 'group', id: 'x' })?.value).toBe('group');
    expect(initialValue(byKey(approval, 'due'))).toEqual({ after: '', onTimeout: { type: 'escalate' } });
    expect(initialValue(byKey(approval, 'reminders'))).toEqual({ every: '', max: 3 });
    expect(initialValue(byKey(approval, 'outcomes'))).toEqual([
      { id: 'approved', label: 'Approve' },
      { id: 'rejected', label: 'Reject' },
    ]);
  });

  it('offers a webhook’s delivery the events the workflow waits for, and reads its expressions as the webhook’s', () => {
    const definition = accessApproval();
    const trigger = newNode('trigger', { id: 'hook', preset: { trigger: { type: 'webhook' } } });
    const waits = [
      newNode('wait', {
        id: 'resolved',
        preset: { wait: { type: 'event', event: 'alert.resolved', correlationKey: 'input.id', output: {} } },
      }),
      newNode('manualTask', {
        id: 'ack',
        preset: { cancelOn: { event: 'alert.closed', correlationKey: 'input.id' } },
      }),
      // Without a key only events sent to the run itself reach it: not a webhook's to deliver.
      newNode('manualTask', { id: 'fix', preset: { cancelOn: { event: 'fix.withdrawn' } } }),
    ];
    const withWaits = { ...definition, nodes: [...definition.nodes, ...waits] } as WorkflowDefinition;
    const webhook = (fields: readonly FormField[]) =>
      (byKey(fields, 'trigger') as Extract<FormField, { type: 'variants' }>).variants.find(
        (v) => v.value === 'webhook',
      )!;
    const eventOf = (fields: readonly FormField[]) =>
      byKey(
        (byKey(webhook(fields).fields, 'deliver') as Extract<FormField, { type: 'object' }>).fields,
        'event',
      );
    expect(eventOf(nodeFormFields(trigger, fixtureCatalog, withWaits))).toMatchObject({
      type: 'text',
      choices: ['alert.resolved', 'alert.closed'],
    });
    expect(eventOf(nodeFormFields(trigger, fixtureCatalog, definition))).toMatchObject({ choices: [] });
    // How long a call no run waits for yet is kept: a duration, optional (empty keeps nothing).
    const deliver = byKey(webhook(nodeFormFields(trigger, fixtureCatalog, definition)).fields, 'deliver');
    expect(byKey((deliver as Extract<FormField, { type: 'object' }>).fields, 'ttl')).toMatchObject({
      type: 'duration',
      label: 'Keep for (time to live)',
      required: false,
    });
    expect(expressionPlace(trigger, ['trigger', 'deliver', 'when'])).toMatchObject({
      scope: 'webhookTrigger',
      boolean: true,
    });
    expect(expressionPlace(trigger, ['trigger', 'deliver', 'correlationKey'])).toMatchObject({
      scope: 'webhookTrigger',
      boolean: false,
    });
  });

  it('agrees with the engine’s expression sites for every kind', () => {
    for (const kind of NODE_KINDS) {
      const node = newNode(kind, { id: 'n', action: 'servicenow.createIncident' });
      const visit = (fields: readonly FormField[], base: (string | number)[]) => {
        for (const f of fields) {
          const path = [...base, f.key];
          if (f.type === 'expression')
            expect(expressionPlace(node, path), `${kind} ${path.join('.')}`).toBeDefined();
          if (f.type === 'mapping' && f.value.type === 'expression' && kind !== 'trigger')
            expect(expressionPlace(node, [...path, 'someKey']), `${kind} ${path.join('.')}`).toBeDefined();
          if (f.type === 'text') expect(expressionPlace(node, path)).toBeUndefined();
          if (f.type === 'object') visit(f.fields, path);
        }
      };
      visit(kindFields(kind), []);
    }
    const decision = accessApproval().nodes.find((n) => n.id === 'privileged')!;
    expect(expressionPlace(decision, ['conditions', 0, 'when'])).toMatchObject({
      boolean: true,
      scope: 'step',
    });
    expect(expressionPlace(decision, ['conditions', 0, 'label'])).toBeUndefined();
    const sites = expressionSites({ nodes: [decision] } as unknown as WorkflowDefinition);
    expect(sites).toHaveLength(1);
  });
});

describe('problems at their fields', () => {
  const broken = () => {
    const definition = accessApproval();
    return {
      ...definition,
      nodes: definition.nodes.map((n) =>
        n.kind === 'decision' ? { ...n, conditions: [{ id: 'yes', when: 'input.nosuch == ' }] } : n,
      ),
    };
  };

  it('finds a field’s problems and marks the expression', () => {
    const index = validateForEditor(broken(), fixtureCatalog);
    const problems = problemsOfField(index, 'privileged', ['conditions', 0, 'when']);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).not.toContain('(in ');
    const marks = expressionMarks(problems, 'input.nosuch == '.length);
    expect(marks[0]!.to).toBeLessThanOrEqual('input.nosuch == '.length);
    expect(marks[0]!.severity).toBe('error');
    expect(problemsOfNodeItself(index, 'privileged')).toEqual([]);
  });

  it('clamps ranges to the text as it is now', () => {
    const marks = expressionMarks(
      [
        {
          key: 'k',
          code: 'EXPRESSION_SYNTAX',
          severity: 'error',
          message: 'm',
          path: [],
          range: { start: 8, end: 20 },
        },
      ],
      5,
    );
    expect(marks).toEqual([{ from: 5, to: 5, severity: 'error', message: 'm' }]);
  });

  it('says where a problem is', () => {
    const definition = accessApproval();
    const base = {
      key: 'k',
      code: 'EXPRESSION_SYNTAX' as const,
      severity: 'error' as const,
      message: 'm',
      path: [],
    };
    expect(
      problemPlace({ ...base, nodeId: 'privileged', fieldLabel: 'Condition 1 › When' }, definition),
    ).toBe('Privileged access? › Condition 1 › When');
    expect(problemPlace({ ...base, edgeId: 'e1' }, definition)).toBe(
      'Connection Access requested → Manager approval',
    );
    expect(problemPlace({ ...base, field: 'input.1.key', fieldLabel: 'Field 2 › Key' }, definition)).toBe(
      'Workflow settings › Field 2 › Key',
    );
    expect(problemPlace(base, definition)).toBe('Workflow settings');
  });

  it('focuses the nearest field shown', () => {
    const shown = new Set(['assignees', 'assignees.0', 'due.after']);
    expect(nearestField('assignees.0.type', (f) => shown.has(f))).toBe('assignees.0');
    expect(nearestField('due.after', (f) => shown.has(f))).toBe('due.after');
    expect(nearestField('title', (f) => shown.has(f))).toBeUndefined();
  });
});

describe('a duration fixed or computed', () => {
  it('tells the two apart and switches between them, keeping what it can', async () => {
    const { durationModeOf, switchDurationMode } = await import('./durationMode');
    expect(durationModeOf('PT4H')).toBe('fixed');
    expect(durationModeOf(undefined)).toBe('fixed');
    expect(durationModeOf({ expression: '' })).toBe('expression');
    expect(switchDurationMode('PT4H', 'expression')).toEqual({ expression: '"PT4H"' });
    expect(switchDurationMode('', 'expression')).toEqual({ expression: '' });
    expect(switchDurationMode({ expression: ' "PT15M" ' }, 'fixed')).toBe('PT15M');
    expect(switchDurationMode({ expression: 'input.p == "P1" ? "PT15M" : "PT8H"' }, 'fixed')).toBe('');
    const same = { expression: 'x' };
    expect(switchDurationMode(same, 'expression')).toBe(same);
  });
});

describe('durations in words', () => {
  it('says a duration as a person would', async () => {
    const { durationWords } = await import('./durationWords');
    expect(durationWords(93_600_000)).toBe('1 day 2 hours');
    expect(durationWords(30_000)).toBe('30 seconds');
    expect(durationWords(604_800_000 * 2)).toBe('2 weeks');
    expect(durationWords(1500)).toBe('1 second 500 ms');
  });
});

describe('typing in a field', () => {
  it('makes one undo entry per field', async () => {
    const { createEditorStore } = await import('../document/store');
    const store = createEditorStore(accessApproval());
    const path = ['title'];
    let typed = '';
    for (const ch of 'Hello') {
      typed += ch;
      store
        .getState()
        .dispatch(
          'setField',
          { nodeId: 'managerApproval', path, value: typed },
          { coalesce: 'field:managerApproval:title' },
        );
    }
    store
      .getState()
      .dispatch(
        'setField',
        { nodeId: 'managerApproval', path: ['instructions'], value: 'x' },
        { coalesce: 'field:managerApproval:instructions' },
      );
    expect(store.getState().past).toHaveLength(2);
    store.getState().undo();
    store.getState().undo();
    expect(store.getState().doc.definition).toEqual(accessApproval());
  });
});
