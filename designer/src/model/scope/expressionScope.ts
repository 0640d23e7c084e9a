import {
  describeType,
  expressionScopeAt,
  findCatalogAction,
  type Catalog,
  type CelType,
  type WorkflowDefinition,
} from '@flowline/engine';

/** One name an expression can read at a place, for autocomplete. */
export interface ScopeEntry {
  readonly name: string;
  /** The whole name as typed: `nodes.createTicket.result.number`. */
  readonly path: string;
  /** Short type: `string`, `number`, `bool`, `timestamp`, `list<string>`, `object`, `any`… */
  readonly type: string;
  /** What it is, in words (a field's label, a node's name, the type in words). */
  readonly detail: string;
  readonly children: readonly ScopeEntry[];
}

/**
 * Where an expression sits: enough to work out its scope when autocomplete asks. Plain data, so
 * the form can name the place without loading the engine's type checker (that arrives with
 * CodeMirror, the only thing that asks).
 */
export interface ExpressionPlace {
  readonly definition: WorkflowDefinition;
  readonly catalog: Catalog;
  readonly nodeId: string;
  /** Where in the definition document (`nodes.3.conditions.0.when`). */
  readonly path?: readonly (string | number)[];
}

const MAX_DEPTH = 6;

/** A type as autocomplete shows it. */
export function shortType(type: CelType): string {
  switch (type.kind) {
    case 'dyn':
      return 'any';
    case 'double':
    case 'int':
    case 'uint':
      return 'number';
    case 'string':
      return type.format === 'date' ? 'date' : 'string';
    case 'list':
      return `list<${shortType(type.of)}>`;
    case 'map':
      return type.of.kind === 'dyn' ? 'object' : `map<${shortType(type.of)}>`;
    case 'object':
      return 'object';
    default:
      return type.kind;
  }
}

const ROOT_DETAILS: Readonly<Record<string, string>> = {
  input: 'The request form',
  vars: 'Workflow variables',
  nodes: 'Results of the steps before this one',
  now: 'The time of this step',
  job: 'This call: its idempotency key',
  result: 'What the call returned',
  event: 'The event received',
  body: 'The webhook request body',
  headers: 'The webhook request headers',
  scheduledAt: 'When the schedule fired',
  payload: 'The event payload',
};

/**
 * What an expression at this place can read, as a tree: `input.*` (the request form's fields with
 * their types), `vars.*`, `nodes.<upstream id>.*` (a task's `result.*` from its action's output
 * schema), `now`, and `job`, `result` or `event` where they exist. Built from the engine's scope
 * types, the same the validator checks expressions against.
 */
export function expressionScope(
  definition: WorkflowDefinition,
  catalog: Catalog,
  nodeId: string,
  path?: readonly (string | number)[],
): ScopeEntry[] {
  const { roots } = expressionScopeAt(definition, catalog, nodeId, path);
  const detailOf = (parts: readonly string[], type: CelType): string => {
    const [root, name, next] = parts;
    if (parts.length === 1) return ROOT_DETAILS[root!] ?? describeType(type);
    if (root === 'input' && parts.length === 2) {
      const field = definition.input.find((f) => f.key === name);
      if (field) return [field.label, field.help].filter(Boolean).join(' — ');
    }
    if (root === 'vars' && parts.length === 2) {
      const variable = definition.variables.find((v) => v.name === name);
      if (variable?.description) return variable.description;
    }
    if (root === 'nodes' && parts.length === 2) {
      const node = definition.nodes.find((n) => n.id === name);
      if (node) return `${node.name} (${node.kind})`;
    }
    if (root === 'nodes' && parts.length === 3 && next === 'result') {
      const node = definition.nodes.find((n) => n.id === name);
      if (node?.kind === 'task')
        return `What ${findCatalogAction(catalog, node.action)?.title ?? node.action} returned`;
    }
    return describeType(type);
  };
  const entry = (parts: readonly string[], type: CelType): ScopeEntry => ({
    name: parts.at(-1)!,
    path: parts.join('.'),
    type: shortType(type),
    detail: detailOf(parts, type),
    children:
      type.kind === 'object' && parts.length < MAX_DEPTH
        ? type.names().flatMap((name) => {
            const field = type.field(name);
            return field ? [entry([...parts, name], field)] : [];
          })
        : [],
  });
  return Object.entries(roots).map(([name, type]) => entry([name], type));
}

/**
 * The entries to offer for the text before the cursor: `inp` offers `input`, `input.` every
 * form field, `nodes.mgr.out` the `outcome` of node `mgr`. Undefined when the text does not end
 * in a name.
 */
export function completionsFor(
  tree: readonly ScopeEntry[],
  before: string,
): { from: number; options: readonly ScopeEntry[] } | undefined {
  const match = /([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)?(\.?)([A-Za-z0-9_]*)$/.exec(before);
  if (!match) return undefined;
  const [, chain = '', dot, partial = ''] = match;
  const parents = dot ? chain.split('.') : chain.split('.').slice(0, -1);
  const typed = dot ? partial : (chain.split('.').at(-1) ?? '');
  if (!dot && chain === '' && partial === '') return undefined;
  let level: readonly ScopeEntry[] = tree;
  for (const name of parents.filter(Boolean)) {
    const found = level.find((e) => e.name === name);
    if (!found) return { from: before.length - typed.length, options: [] };
    level = found.children;
  }
  const prefix = typed.toLowerCase();
  return {
    from: before.length - typed.length,
    options: level.filter((e) => e.name.toLowerCase().startsWith(prefix)),
  };
}

/** The scope at a place (none when the expression belongs to no node). */
export const scopeOfPlace = (place: ExpressionPlace | undefined): ScopeEntry[] =>
  place ? expressionScope(place.definition, place.catalog, place.nodeId, place.path) : [];
