import {
  SCOPES,
  WorkflowDefinitionSchema,
  awaitedEvents,
  expressionSites,
  findCatalogAction,
  type Catalog,
  type NodeKind,
  type ScopeName,
  type WorkflowDefinition,
  type WorkflowNode,
} from '@flowline/engine';
import { z } from 'zod';
import { kindSchema } from '../document/newNode';
import { setAt, type Path } from '../document/paths';
import { connectorOfAction } from './connectionChoices';
import { fieldOf, objectFields, type FormField } from './schemaToFields';

const jsonSchemaOf = (schema: z.ZodType): Record<string, unknown> =>
  z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;

const kindCache = new Map<NodeKind, readonly FormField[]>();

/** The header shows these (name, id, kind); the form shows the rest. */
const HEADER_KEYS = new Set(['id', 'name', 'kind']);

/** The fields of a node kind's form, from the engine's JSON Schema of the kind (cached per kind). */
export function kindFields(kind: NodeKind): readonly FormField[] {
  let fields = kindCache.get(kind);
  if (!fields) {
    fields = objectFields(jsonSchemaOf(kindSchema(kind))).filter((f) => !HEADER_KEYS.has(f.key));
    kindCache.set(kind, fields);
  }
  return fields;
}

/** What the task's connector action is, for the form's heading. */
export interface ActionInfo {
  readonly ref: string;
  readonly title: string;
  readonly connector?: string;
  readonly description?: string;
  readonly known: boolean;
}

export function actionInfo(catalog: Catalog, ref: string): ActionInfo {
  const dot = ref.indexOf('.');
  const connector = catalog.connectors.find((c) => c.id === ref.slice(0, dot));
  const action = findCatalogAction(catalog, ref);
  return action
    ? {
        ref,
        title: action.title,
        ...(connector ? { connector: connector.title } : {}),
        ...(action.description !== undefined ? { description: action.description } : {}),
        known: true,
      }
    : { ref, title: ref || 'No action chosen', known: false };
}

const typeWords = (schema: Record<string, unknown>): string | undefined => {
  const type = schema['type'];
  if (Array.isArray(schema['enum']))
    return `one of ${(schema['enum'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  if (type === 'array') return 'a list';
  if (type === 'integer') return 'a whole number';
  if (type === 'number') return 'a number';
  if (type === 'boolean') return 'true or false';
  if (type === 'object') return 'an object';
  if (type === 'string') return schema['format'] === 'date-time' ? 'a date and time' : 'text';
  return undefined;
};

/**
 * The input a task's connector action takes, as expression fields: each property of the
 * action's input schema with its title, description and type in words, required ones marked.
 */
export function actionInputFields(catalog: Catalog, ref: string): FormField[] {
  const input = findCatalogAction(catalog, ref)?.input;
  const properties = input?.['properties'];
  if (typeof properties !== 'object' || properties === null) return [];
  const required = new Set(Array.isArray(input?.['required']) ? (input['required'] as string[]) : []);
  return Object.entries(properties as Record<string, Record<string, unknown>>).map(([key, schema]) => {
    const described = typeof schema['description'] === 'string' ? schema['description'] : undefined;
    const type = typeWords(schema);
    // Two sentences: the description ends with a full stop before the type is said.
    const sentence = described && !/[.!?:)]$/.test(described.trim()) ? `${described.trim()}.` : described;
    const help = [sentence, type ? `Gives ${type}.` : undefined].filter(Boolean).join(' ');
    return {
      key,
      label: typeof schema['title'] === 'string' ? schema['title'] : fieldOf(key, {}).label,
      required: required.has(key),
      ...(help ? { help } : {}),
      type: 'expression' as const,
    };
  });
}

/**
 * The form of one node: its kind's fields; for a task, the `input` mapping names the connector
 * action's input fields (so each gets its own labelled expression editor).
 */
export function nodeFormFields(
  node: WorkflowNode,
  catalog: Catalog,
  definition?: WorkflowDefinition,
): readonly FormField[] {
  const fields = kindFields(node.kind);
  if (node.kind === 'trigger' && definition) return withDeliveryEvents(fields, awaitedEvents(definition));
  if (node.kind !== 'task') return fields;
  const known = actionInputFields(catalog, node.action);
  // The action is chosen in the palette and shown above the form (its title, not its id).
  return fields
    .filter((f) => f.key !== 'action')
    .map((f) =>
      f.key === 'input' && f.type === 'mapping'
        ? {
            ...f,
            label: 'Action input',
            help: 'What the action is called with: one expression per input field',
            known,
          }
        : f.key === 'connection' && f.type === 'text' && connectorOfAction(node.action) !== undefined
          ? { ...f, connections: connectorOfAction(node.action)! }
          : f.key === 'output' && f.type === 'mapping'
            ? {
                ...f,
                label: 'Save to variables',
                help: 'Workflow variable → expression over result (what the action returned)',
              }
            : f,
    );
}

/**
 * A webhook trigger's delivery names an event the workflow's steps wait for (the engine refuses
 * any other): its field offers those, as the engine lists them.
 */
function withDeliveryEvents(fields: readonly FormField[], events: readonly string[]): readonly FormField[] {
  const inDelivery = (f: FormField): FormField =>
    f.key === 'event' && f.type === 'text' ? { ...f, choices: events } : f;
  const inWebhook = (f: FormField): FormField =>
    f.key === 'deliver' && f.type === 'object' ? { ...f, fields: f.fields.map(inDelivery) } : f;
  return fields.map((f) =>
    f.key === 'trigger' && f.type === 'variants'
      ? {
          ...f,
          variants: f.variants.map((v) =>
            v.value === 'webhook' ? { ...v, fields: v.fields.map(inWebhook) } : v,
          ),
        }
      : f,
  );
}

let workflowCache: readonly FormField[] | undefined;

/** The workflow's own settings: name, description, the request form (`input`) and variables. */
export function workflowFields(): readonly FormField[] {
  if (!workflowCache) {
    // The picked fields only: the whole definition's schema carries an id (it would come out as a $ref).
    const all = objectFields(
      jsonSchemaOf(
        WorkflowDefinitionSchema.pick({
          name: true,
          description: true,
          businessKey: true,
          input: true,
          variables: true,
        }),
      ),
    );
    const wanted = ['name', 'description', 'businessKey', 'input', 'variables'];
    workflowCache = wanted.flatMap((key) => {
      const f = all.find((field) => field.key === key);
      if (!f) return [];
      if (key === 'input')
        return [
          {
            ...f,
            label: 'Request form',
            help: f.help ?? 'The fields a requester fills; expressions read them as input.<key>',
          },
        ];
      return [f];
    });
  }
  return workflowCache;
}

/** An expression place inside a node, as the engine's expressionSites name it. */
export interface ExpressionPlace {
  readonly scope: ScopeName;
  /** The names it may read (for the editor's hints). */
  readonly roots: readonly string[];
  /** The value must be true or false (a decision's condition). */
  readonly boolean: boolean;
}

/**
 * Whether `path` inside the node holds an expression, by the engine's own list of expression
 * sites (a place with no value yet is probed with a placeholder, as the engine's scope does).
 */
export function expressionPlace(node: WorkflowNode, path: Path): ExpressionPlace | undefined {
  const key = path.join('\u0000');
  const find = (n: WorkflowNode) =>
    expressionSites({ nodes: [n] } as unknown as WorkflowDefinition).find(
      (s) => s.path.slice(2).join('\u0000') === key,
    );
  const site = find(node) ?? find(setAt(node, path, 'null'));
  return site ? { scope: site.scope, roots: SCOPES[site.scope], boolean: site.boolean === true } : undefined;
}

/** The definition path of a field of a node, for the engine (`['nodes', 3, 'conditions', 0, 'when']`). */
export function definitionPath(definition: WorkflowDefinition, nodeId: string, path: Path): Path {
  return ['nodes', definition.nodes.findIndex((n) => n.id === nodeId), ...path];
}
