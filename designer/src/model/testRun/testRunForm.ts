import {
  fieldName,
  formToValidator,
  type Catalog,
  type Command,
  type FormField,
  type WorkflowDefinition,
} from '@flowline/engine';
import { sampleInput } from './sampleData';
import {
  choicePoints,
  defaultChoices,
  type ApprovalChoice,
  type ChoicePoint,
  type SubworkflowChoice,
  type TaskChoice,
  type TestRun,
  type TestRunChoices,
  type TestRunStep,
  type WaitChoice,
} from './testRunModel';

/**
 * What the test run panel's form holds for one choice point: the option chosen (an approval's
 * outcome or `timeout`; `success`/`failure`; `event`/`timeout`; a subworkflow's outcome) and, as
 * text, the JSON that goes with it (a call's sample output, an event's payload, a subworkflow's
 * output) or a failure's message.
 */
export interface ChoiceSelection {
  readonly option: string;
  readonly json: string;
  readonly message: string;
  /** For a node a loop comes back to: the option on its second and later visits (`''`: the same). */
  readonly later?: string;
}

export type ChoiceSelections = Readonly<Record<string, ChoiceSelection>>;

/** Per field key, the validator's sentence; `''` holds what concerns the whole form. */
export type InputErrors = Readonly<Record<string, string>>;

/**
 * The sample input for a (perhaps changed) request form: what the user already typed for a field
 * that is still there, a sample value for a new field; fields that went away are dropped.
 */
export function mergeSampleInput(
  fields: readonly FormField[],
  previous: Readonly<Record<string, unknown>> | undefined,
): Record<string, unknown> {
  const sample = sampleInput(fields);
  const merged: Record<string, unknown> = {};
  for (const field of fields) {
    if (previous && field.key in previous) {
      if (previous[field.key] !== undefined) merged[field.key] = previous[field.key];
    } else if (field.key in sample) merged[field.key] = sample[field.key];
  }
  return merged;
}

/**
 * A form control's raw value as the type the field holds: numbers from a number input (empty:
 * missing), dates and times from their inputs (a `datetime-local` value is read as UTC).
 */
export function fieldValue(field: FormField, raw: string | boolean | readonly string[]): unknown {
  if (typeof raw === 'boolean' || Array.isArray(raw)) return raw;
  const text = raw as string;
  switch (field.type) {
    case 'number':
    case 'integer': {
      if (text.trim() === '') return undefined;
      const n = Number(text);
      return Number.isNaN(n) ? text : n;
    }
    case 'datetime':
      if (text === '') return undefined;
      return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(text)
        ? `${text.length === 16 ? `${text}:00` : text}Z`
        : text;
    case 'select':
    case 'date':
      return text === '' ? undefined : text;
    default:
      return text;
  }
}

/** A field's value as its form control shows it (the reverse of fieldValue). */
export function controlValue(field: FormField, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (field.type === 'datetime' && typeof value === 'string') {
    const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(:\d{2})?/.exec(value);
    return match ? `${match[1]}${match[2] && match[2] !== ':00' ? match[2] : ''}` : value;
  }
  return String(value);
}

/** What the request form's own validator says about the sample input, per field. */
export function inputErrors(
  fields: readonly FormField[],
  input: Readonly<Record<string, unknown>>,
): InputErrors {
  const result = formToValidator(fields).safeParse(input);
  if (result.success) return {};
  const errors: Record<string, string> = {};
  const keys = new Set(fields.map((f) => f.key));
  for (const issue of result.error.issues) {
    const first = issue.path[0];
    const key = typeof first === 'string' && keys.has(first) ? first : '';
    const field = fields.find((f) => f.key === key);
    // zod's own sentences ("Too big: expected string to have <=2000 characters") get the field's
    // name, as the form's own messages name it.
    const message =
      field && !issue.message.includes(fieldName(field.label))
        ? `${fieldName(field.label)}: ${lowerFirst(issue.message)}`
        : issue.message;
    errors[key] ??= message;
  }
  return errors;
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

const json = (value: unknown) => JSON.stringify(value ?? {}, null, 2);

/** The selection a choice point starts with: approve (or the first outcome), succeed with sample output, the event arrives, the subworkflow completes. */
export function defaultSelection(point: ChoicePoint, defaults: TestRunChoices): ChoiceSelection {
  switch (point.kind) {
    case 'approval': {
      const approve = point.options.find((o) => o.id === 'approved') ?? point.options[0];
      return { option: approve?.id ?? 'approved', json: '', message: '' };
    }
    case 'task': {
      const task = defaults.tasks?.[point.nodeId] as TaskChoice | undefined;
      return { option: 'success', json: json(task?.ok ? task.output : {}), message: '' };
    }
    case 'wait':
      return { option: 'event', json: '{}', message: '' };
    case 'subworkflow':
      return { option: 'completed', json: '{}', message: '' };
  }
}

/**
 * The selections for a (perhaps changed) definition: each choice point keeps what the user chose
 * when that option still exists, a new one starts from its default.
 */
export function mergeSelections(
  definition: WorkflowDefinition,
  catalog: Catalog,
  previous: ChoiceSelections | undefined,
): Record<string, ChoiceSelection> {
  const defaults = defaultChoices(definition, catalog);
  const merged: Record<string, ChoiceSelection> = {};
  for (const point of choicePoints(definition)) {
    const kept = previous?.[point.nodeId];
    const has = (option: string | undefined) => point.options.some((o) => o.id === option);
    merged[point.nodeId] =
      !kept || !has(kept.option)
        ? defaultSelection(point, defaults)
        : kept.later && !has(kept.later)
          ? { ...kept, later: '' }
          : kept;
  }
  return merged;
}

/** A JSON text read for a choice: the value, or a sentence saying why it is not JSON. */
function readJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  if (text.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, error: `Not valid JSON: ${(error as Error).message}` };
  }
}

export type ChoicesResult =
  | { readonly ok: true; readonly choices: TestRunChoices }
  | { readonly ok: false; readonly errors: Readonly<Record<string, string>> };

/**
 * The model's choices from the form: the sample input and one choice per choice point (repeated
 * on every visit). JSON that does not parse is refused per choice point.
 */
export function choicesFrom(
  definition: WorkflowDefinition,
  input: Readonly<Record<string, unknown>>,
  selections: ChoiceSelections,
): ChoicesResult {
  const approvals: Record<string, ApprovalChoice | ApprovalChoice[]> = {};
  const tasks: Record<string, TaskChoice | TaskChoice[]> = {};
  const waits: Record<string, WaitChoice | WaitChoice[]> = {};
  const subworkflows: Record<string, SubworkflowChoice | SubworkflowChoice[]> = {};
  const errors: Record<string, string> = {};
  for (const point of choicePoints(definition)) {
    const selection = selections[point.nodeId];
    if (!selection) continue;
    const options = [
      selection.option,
      ...(selection.later && selection.later !== selection.option ? [selection.later] : []),
    ];
    const needsJson = options.some(
      (option) =>
        (point.kind === 'task' && option === 'success') ||
        (point.kind === 'wait' && option === 'event') ||
        (point.kind === 'subworkflow' && option === 'completed'),
    );
    const parsed = needsJson ? readJson(selection.json) : ({ ok: true, value: undefined } as const);
    if (!parsed.ok) {
      errors[point.nodeId] = parsed.error;
      continue;
    }
    // One choice, or the first visit's then the later visits' (the model repeats the last one).
    const perVisit = <T>(make: (option: string) => T): T | T[] =>
      options.length === 1 ? make(options[0]!) : options.map(make);
    switch (point.kind) {
      case 'approval':
        approvals[point.nodeId] = perVisit((option) =>
          option === 'timeout' ? { timeout: true as const } : { outcome: option },
        );
        break;
      case 'task':
        tasks[point.nodeId] = perVisit((option) =>
          option === 'failure'
            ? {
                ok: false as const,
                code: 'TEST_FAILURE',
                message: selection.message.trim() || 'The call failed in the test run',
              }
            : { ok: true as const, output: parsed.value },
        );
        break;
      case 'wait':
        waits[point.nodeId] = perVisit((option) =>
          option === 'timeout' ? { timeout: true as const } : { event: parsed.value },
        );
        break;
      case 'subworkflow':
        subworkflows[point.nodeId] = perVisit((option) => ({
          outcome: option as SubworkflowChoice['outcome'],
          ...(option === 'completed' && parsed.value !== undefined ? { output: parsed.value } : {}),
        }));
        break;
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, choices: { input, approvals, tasks, waits, subworkflows } };
}

/** Nodes a loop can bring the flow back to (they lie on a cycle of edges). */
export function revisitable(definition: WorkflowDefinition): Set<string> {
  const next = new Map<string, string[]>();
  for (const edge of definition.edges) next.set(edge.source, [...(next.get(edge.source) ?? []), edge.target]);
  // Tarjan's strongly connected components: a node is on a cycle when its component has more
  // than one node, or it has an edge to itself.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const found = new Set<string>();
  let counter = 0;
  const visit = (start: string) => {
    const work: { id: string; i: number }[] = [{ id: start, i: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work.at(-1)!;
      const targets = next.get(frame.id) ?? [];
      if (frame.i < targets.length) {
        const target = targets[frame.i++]!;
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          work.push({ id: target, i: 0 });
        } else if (onStack.has(target)) low.set(frame.id, Math.min(low.get(frame.id)!, index.get(target)!));
        continue;
      }
      work.pop();
      const parent = work.at(-1);
      if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(frame.id)!));
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: string[] = [];
        let id: string;
        do {
          id = stack.pop()!;
          onStack.delete(id);
          component.push(id);
        } while (id !== frame.id);
        const selfLoop = (next.get(frame.id) ?? []).includes(frame.id);
        if (component.length > 1 || selfLoop) for (const member of component) found.add(member);
      }
    }
  };
  for (const node of definition.nodes) if (!index.has(node.id)) visit(node.id);
  return found;
}

/** The node the run went round most often, when it did so many times (the same choice on every visit). */
export function loopedAt(
  run: Extract<TestRun, { ok: true }>,
  atLeast = 10,
): { nodeId: string; times: number } | undefined {
  const counts = new Map<string, number>();
  for (const id of run.path.nodes) counts.set(id, (counts.get(id) ?? 0) + 1);
  let best: { nodeId: string; times: number } | undefined;
  for (const [nodeId, times] of counts)
    if (times >= atLeast && (!best || times > best.times)) best = { nodeId, times };
  return best;
}

/** The path to draw on the canvas: each node and edge once, in the order the run first reached it. */
export function testPathOf(run: Extract<TestRun, { ok: true }>): { nodes: string[]; edges: string[] } {
  return { nodes: [...new Set(run.path.nodes)], edges: [...new Set(run.path.edges)] };
}

/** The node a step is about (the one it decided, or the last it entered), for the canvas to mark. */
export function stepNode(step: TestRunStep): string | undefined {
  return step.nodeId ?? step.entered.at(-1);
}

/** A run's result in a sentence: how it ended, or where it waits. */
export function runSummary(run: Extract<TestRun, { ok: true }>, nodeName: (id: string) => string): string {
  if (!run.finished) {
    const loop = loopedAt(run);
    if (loop)
      return `The run went round the loop at ${nodeName(loop.nodeId)} ${loop.times} times and was stopped: choose another option for its later visits.`;
    const at = run.waitingAt.map(nodeName).join(', ');
    return at ? `The run stopped waiting at ${at}.` : 'The run stopped before the workflow ended.';
  }
  switch (run.outcome) {
    case 'completed':
      return 'The workflow completed.';
    case 'rejected':
      return 'The workflow ended rejected.';
    case 'failed':
      return `The workflow failed${run.error ? `: ${run.error.message}` : ''}.`;
    case 'cancelled':
      return 'The workflow was cancelled.';
    default:
      return 'The workflow ended.';
  }
}

/** Time since the run started, short: `+0 s`, `+1 s`, `+3 d`, `+2 d 4 h`, `+1 h 30 min`. */
export function elapsedLabel(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const parts = [d && `${d} d`, h && `${h} h`, m && `${m} min`, !d && !h && !m && `${s} s`].filter(Boolean);
  return `+${parts.slice(0, 2).join(' ')}`;
}

/** A command in a line for the step list: `task.create managerApproval → user maria`. */
export function commandLine(command: Command, nodeName: (id: string) => string): string {
  switch (command.type) {
    case 'job.start':
      return `job.start ${nodeName(command.nodeId)}: ${command.action} (attempt ${command.attempt} of ${command.maxAttempts})`;
    case 'task.create':
      return `task.create ${nodeName(command.nodeId)} → ${command.assignee.type} ${command.assignee.id}`;
    case 'task.reassign':
      return `task.reassign ${nodeName(command.nodeId)}: ${command.from.id} → ${command.to.id}`;
    case 'task.remind':
      return `task.remind ${nodeName(command.nodeId)}${command.reminder ? ` (reminder ${command.reminder})` : ''}`;
    case 'timer.schedule':
      return `timer.schedule ${nodeName(command.nodeId)} at ${new Date(command.fireAt).toISOString().replace('.000Z', 'Z')}`;
    case 'subworkflow.start':
      return `subworkflow.start ${nodeName(command.nodeId)}: ${command.workflowId} v${command.version}`;
    case 'instance.complete':
      return `instance.complete ${command.outcome}${command.error ? ` (${command.error.code})` : ''}`;
    default:
      return `${command.type} ${nodeName(command.nodeId)}`;
  }
}

/**
 * Whether the workflow changed since a test run in a way the run could show: anything but the
 * layout (moving nodes or notes does not change what runs). The same object is unchanged for sure;
 * an equal copy (a reload, an undo back) is unchanged too.
 */
export function changedSinceRun(ran: WorkflowDefinition, now: WorkflowDefinition): boolean {
  if (sameButLayout(ran, now)) return false;
  const { layout: _ranLayout, ...ranRest } = ran;
  const { layout: _nowLayout, ...nowRest } = now;
  return JSON.stringify(ranRest) !== JSON.stringify(nowRest);
}

/**
 * Whether two definitions share every top-level part but the layout (the document store shares
 * structure, so moving a node replaces only `layout`): a cheap check that what runs is the same.
 */
export function sameButLayout(a: WorkflowDefinition, b: WorkflowDefinition): boolean {
  if (a === b) return true;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  keys.delete('layout');
  for (const key of keys)
    if ((a as unknown as Record<string, unknown>)[key] !== (b as unknown as Record<string, unknown>)[key])
      return false;
  return true;
}
