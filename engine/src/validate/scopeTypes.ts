import { findCatalogAction } from '../catalog';
import type { FormField } from '../definition/formField';
import type { ForEachNode, Variable, WorkflowNode } from '../definition/types';
import {
  BOOL,
  DOUBLE,
  DYN,
  STRING,
  TIMESTAMP,
  lazyObjectType,
  listOf,
  mapOf,
  objectType,
  storedType,
  type CelType,
} from '../expression/celTypes';
import { jsonSchemaType } from '../expression/jsonSchemaType';
import type { ExpressionSite } from '../expression/sites';
import type { RuleContext } from './context';

/** The type a form field's value has in `input` (dates are text; every number is a double). */
export function formFieldType(field: FormField): CelType {
  switch (field.type) {
    case 'number':
    case 'integer':
      return DOUBLE;
    case 'boolean':
      return BOOL;
    case 'date':
      return { kind: 'string', format: 'date' };
    case 'multiselect':
      return listOf(STRING);
    default:
      return STRING;
  }
}

/** A form's data: exactly its fields, because form data with other keys is refused. */
export const formType = (what: string, fields: readonly FormField[]): CelType =>
  objectType(what, Object.fromEntries(fields.map((f) => [f.key, formFieldType(f)])));

/** The type a variable is declared with. */
export function variableType(variable: Variable): CelType {
  switch (variable.type) {
    case 'string':
      return STRING;
    case 'number':
      return DOUBLE;
    case 'boolean':
      return BOOL;
    case 'object':
      return mapOf(DYN);
    case 'list':
      return listOf(DYN);
    case 'any':
      return DYN;
  }
}

const KEEPS_A_RECORD: ReadonlySet<WorkflowNode['kind']> = new Set([
  'task',
  'approval',
  'manualTask',
  'decision',
  'transform',
  'wait',
  'subworkflow',
  'forEach',
]);

const ERROR = objectType('the error', { code: STRING, message: STRING });

/**
 * The types of the names expressions read, built from the definition: the request form, the
 * declared variables, each node's record (compile/nodes/* write them; the shapes here follow
 * those), connector results from the catalog's output schemas, and `now`.
 */
export function createScopeTypes(ctx: RuleContext, typeAt: (path: readonly (string | number)[]) => CelType) {
  const { definition, catalog } = ctx;
  const pathOf = (node: WorkflowNode) => ctx.nodePath(node.id);

  /** A mapping's evaluated values as they are kept (plain JSON). */
  const mappingType = (
    what: string,
    base: readonly (string | number)[],
    mapping: Readonly<Record<string, string>>,
  ) => lazyObjectType(what, Object.keys(mapping), (key) => storedType(typeAt([...base, key])));

  const actionResult = (action: string): CelType => {
    const found = findCatalogAction(catalog, action);
    return found ? jsonSchemaType(found.output, `the result of ${action}`) : DYN;
  };

  const childResult = objectType('the subworkflow result', { outcome: STRING, output: DYN });

  /** What a for-each collects: one entry per item, in item order (compile/nodes/forEach.ts). */
  const forEachFields = (node: ForEachNode): Record<string, CelType> => {
    const itemResult = node.run.type === 'task' ? actionResult(node.run.action) : childResult;
    const entry = objectType('an item result', { index: DOUBLE, ok: BOOL, result: itemResult, error: ERROR });
    return { results: listOf(entry), failed: DOUBLE };
  };

  /** The type of one item: the element type of the items expression when it is a known list. */
  const itemType = (node: WorkflowNode): CelType => {
    const items = storedType(typeAt([...pathOf(node), 'items']));
    return items.kind === 'list' ? items.of : DYN;
  };

  function recordType(node: WorkflowNode): CelType | undefined {
    const cancelled =
      'cancelOn' in node && node.cancelOn
        ? { cancelled: objectType('the cancel event', { event: STRING, payload: DYN, at: DOUBLE }) }
        : {};
    const record = (fields: Record<string, CelType>) =>
      objectType(`the record of "${node.name}"`, { ...fields, ...cancelled, error: ERROR });
    switch (node.kind) {
      case 'task':
        return record({
          input: mappingType(`the input of "${node.name}"`, [...pathOf(node), 'input'], node.input),
          result: actionResult(node.action),
        });
      case 'approval': {
        const decision = objectType('a decision', {
          slot: DOUBLE,
          assignee: objectType('an assignee', { type: STRING, id: STRING }),
          outcome: STRING,
          by: STRING,
          at: DOUBLE,
          comment: STRING,
          form: formType(`the form of "${node.name}"`, node.form),
        });
        return record({ outcome: STRING, decisions: listOf(decision), timedOut: BOOL });
      }
      case 'manualTask': {
        const form = formType(`the form of "${node.name}"`, node.form);
        const done = objectType('a completion', {
          slot: DOUBLE,
          assignee: objectType('an assignee', { type: STRING, id: STRING }),
          outcome: STRING,
          by: STRING,
          at: DOUBLE,
          comment: STRING,
          form,
        });
        // compile/nodes/humanTask.ts settledRecord writes this shape.
        return record({
          outcome: STRING,
          by: STRING,
          at: DOUBLE,
          comment: STRING,
          form,
          decisions: listOf(done),
          timedOut: BOOL,
        });
      }
      case 'decision':
        return record({ branch: STRING });
      case 'transform':
        return record({
          result: mappingType(`the result of "${node.name}"`, [...pathOf(node), 'set'], node.set),
        });
      case 'wait':
        return record({
          firedAt: DOUBLE,
          timedOut: BOOL,
          ...(node.wait.type === 'event' ? { event: DYN, receivedAt: DOUBLE } : {}),
        });
      case 'subworkflow':
        return record({ outcome: STRING, output: DYN });
      case 'forEach':
        return record(forEachFields(node));
      case 'trigger':
      case 'parallel':
      case 'join':
      case 'end':
        return undefined;
    }
  }

  const recording = definition.nodes.filter((node) => KEEPS_A_RECORD.has(node.kind)).map((n) => n.id);
  const nodes = lazyObjectType('the node results', recording, (id) => recordType(ctx.graph.nodes.get(id)!)!, {
    missing: (id) => {
      const node = ctx.graph.nodes.get(id);
      return node
        ? `"${node.name}" (${node.kind === 'join' ? 'a join' : `a ${node.kind}`}) keeps no result, so nodes.${id} never exists`
        : undefined;
    },
  });

  const step: Record<string, CelType> = {
    input: formType('the request form', definition.input),
    vars: objectType(
      'the workflow variables',
      Object.fromEntries(definition.variables.map((v) => [v.name, variableType(v)])),
    ),
    nodes,
    now: TIMESTAMP,
  };
  const triggerRoots: Record<string, Record<string, CelType>> = {
    webhookTrigger: { body: DYN, headers: mapOf(STRING), now: TIMESTAMP },
    cronTrigger: { scheduledAt: TIMESTAMP, now: TIMESTAMP },
    eventTrigger: { payload: DYN, now: TIMESTAMP },
  };

  return {
    /** The type of each name an expression at this site may read. */
    rootsFor(site: ExpressionSite): Readonly<Record<string, CelType>> {
      switch (site.scope) {
        case 'step':
          return step;
        case 'taskInput':
          return { ...step, job: objectType('the job', { idempotencyKey: STRING }) };
        case 'event':
          return { ...step, event: DYN };
        case 'itemInput': {
          const node = ctx.graph.nodes.get(site.nodeId);
          return {
            ...step,
            job: objectType('the job', { idempotencyKey: STRING }),
            item: node ? itemType(node) : DYN,
            index: DOUBLE,
          };
        }
        case 'result': {
          const node = ctx.graph.nodes.get(site.nodeId);
          const result =
            node?.kind === 'task'
              ? actionResult(node.action)
              : node?.kind === 'forEach'
                ? objectType(`the results of "${node.name}"`, forEachFields(node))
                : childResult;
          return { ...step, result };
        }
        default:
          return triggerRoots[site.scope] ?? {};
      }
    },
  };
}

export type ScopeTypes = ReturnType<typeof createScopeTypes>;
