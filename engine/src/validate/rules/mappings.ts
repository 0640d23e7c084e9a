import { findCatalogAction, type JsonSchema } from '../../catalog';
import { parseExpression } from '../../expression/parse';
import { SCOPES } from '../../expression/scope';
import type { WorkflowNode } from '../../definition/types';
import { issue, type ValidationIssue } from '../issue';
import type { Rule } from '../context';

/** Task actions exist in the catalog and their input mapping fits; outputs and sets land in declared variables. */
export const mappings: Rule = ({ definition, catalog }) => {
  const issues: ValidationIssue[] = [];
  const variables = new Set(definition.variables.map((v) => v.name));
  definition.nodes.forEach((node, index) => {
    const at = ['nodes', index];
    const { mapping, path, verb } = variableWrites(node, at);
    for (const target of Object.keys(mapping)) {
      if (!variables.has(target)) {
        issues.push(
          issue('UNKNOWN_VARIABLE', `"${node.name}" ${verb} "${target}", which is not a declared variable`, {
            nodeId: node.id,
            path: [...path, target],
          }),
        );
      }
    }
    // A for-each's per-item action is checked like a task's.
    const call =
      node.kind === 'task'
        ? { action: node.action, input: node.input, base: at }
        : node.kind === 'forEach' && node.run.type === 'task'
          ? { action: node.run.action, input: node.run.input, base: [...at, 'run'] }
          : undefined;
    if (!call) return;
    const action = findCatalogAction(catalog, call.action);
    if (!action) {
      issues.push(
        issue(
          'UNKNOWN_ACTION',
          `"${node.name}" calls ${call.action}, which no installed connector provides`,
          { nodeId: node.id, path: [...call.base, 'action'] },
        ),
      );
      return;
    }
    const { properties, required, authored } = objectShape(action.input);
    for (const [key, source] of Object.entries(call.input)) {
      if (authored.has(key) && !isConstant(source)) {
        issues.push(
          issue(
            'AUTHORED_FIELD_NOT_LITERAL',
            `${call.action} takes "${key}" as written in the workflow: give it a literal value, not one computed from run-time data`,
            { nodeId: node.id, path: [...call.base, 'input', key] },
          ),
        );
      }
      if (properties && !properties.has(key)) {
        issues.push(
          issue(
            'MAPPING_UNKNOWN_FIELD',
            `${call.action} has no input "${key}" (it takes: ${[...properties].join(', ')})`,
            { nodeId: node.id, path: [...call.base, 'input', key] },
          ),
        );
      }
    }
    for (const key of required) {
      if (!(key in call.input)) {
        issues.push(
          issue('MAPPING_MISSING_REQUIRED', `${call.action} needs a value for "${key}"`, {
            nodeId: node.id,
            path: [...call.base, 'input'],
          }),
        );
      }
    }
  });
  return issues;
};

/** The mapping whose keys name workflow variables a node writes, and where it stands. */
function variableWrites(
  node: WorkflowNode,
  at: (string | number)[],
): { mapping: Readonly<Record<string, string>>; path: (string | number)[]; verb: string } {
  if (node.kind === 'task' || node.kind === 'subworkflow' || node.kind === 'forEach')
    return { mapping: node.output, path: [...at, 'output'], verb: 'stores a result in' };
  if (node.kind === 'wait' && node.wait.type === 'event')
    return { mapping: node.wait.output, path: [...at, 'wait', 'output'], verb: 'stores a result in' };
  if (node.kind === 'transform') return { mapping: node.set, path: [...at, 'set'], verb: 'sets' };
  return { mapping: {}, path: at, verb: '' };
}

/**
 * A mapping whose value cannot depend on run-time data: it reads no name at all (a literal, or
 * literals combined). Fields a connector marks `x-flowline-authored` (code, templates, queries it
 * will interpret) take only such values, so form input or a webhook body never becomes code.
 */
function isConstant(source: string): boolean {
  // itemInput holds every name a call's input may read (a for-each's item and index too).
  const parsed = parseExpression(source, SCOPES.itemInput);
  // One that does not parse is the expressions rule's to report.
  return !parsed.ok || parsed.value.references.length === 0;
}

/** Marks a connector puts on an input field in its JSON Schema: the value must be authored. */
export const AUTHORED_MARK = 'x-flowline-authored';

/** Top-level properties, required keys (those with a default are not) and authored fields of an object JSON Schema. */
function objectShape(schema: JsonSchema): {
  properties: Set<string> | undefined;
  required: string[];
  authored: Set<string>;
} {
  const props = schema['properties'];
  if (!props || typeof props !== 'object')
    return { properties: undefined, required: [], authored: new Set() };
  const entries = props as Record<string, Record<string, unknown> | undefined>;
  const required = Array.isArray(schema['required'])
    ? (schema['required'] as unknown[]).filter((k): k is string => typeof k === 'string')
    : [];
  return {
    properties: new Set(Object.keys(entries)),
    required: required.filter((k) => entries[k]?.['default'] === undefined),
    authored: new Set(Object.keys(entries).filter((k) => entries[k]?.[AUTHORED_MARK] === true)),
  };
}
