import { findCatalogAction, type JsonSchema } from '../../catalog';
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
    if (node.kind !== 'task') return;
    const action = findCatalogAction(catalog, node.action);
    if (!action) {
      issues.push(
        issue(
          'UNKNOWN_ACTION',
          `"${node.name}" calls ${node.action}, which no installed connector provides`,
          { nodeId: node.id, path: [...at, 'action'] },
        ),
      );
      return;
    }
    const { properties, required } = objectShape(action.input);
    for (const key of Object.keys(node.input)) {
      if (properties && !properties.has(key)) {
        issues.push(
          issue(
            'MAPPING_UNKNOWN_FIELD',
            `${node.action} has no input "${key}" (it takes: ${[...properties].join(', ')})`,
            { nodeId: node.id, path: [...at, 'input', key] },
          ),
        );
      }
    }
    for (const key of required) {
      if (!(key in node.input)) {
        issues.push(
          issue('MAPPING_MISSING_REQUIRED', `${node.action} needs a value for "${key}"`, {
            nodeId: node.id,
            path: [...at, 'input'],
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
  if (node.kind === 'task' || node.kind === 'subworkflow')
    return { mapping: node.output, path: [...at, 'output'], verb: 'stores a result in' };
  if (node.kind === 'wait' && node.wait.type === 'event')
    return { mapping: node.wait.output, path: [...at, 'wait', 'output'], verb: 'stores a result in' };
  if (node.kind === 'transform') return { mapping: node.set, path: [...at, 'set'], verb: 'sets' };
  return { mapping: {}, path: at, verb: '' };
}

/** Top-level properties and required keys of an object JSON Schema (properties with a default are not required). */
function objectShape(schema: JsonSchema): { properties: Set<string> | undefined; required: string[] } {
  const props = schema['properties'];
  if (!props || typeof props !== 'object') return { properties: undefined, required: [] };
  const entries = props as Record<string, Record<string, unknown> | undefined>;
  const required = Array.isArray(schema['required'])
    ? (schema['required'] as unknown[]).filter((k): k is string => typeof k === 'string')
    : [];
  return {
    properties: new Set(Object.keys(entries)),
    required: required.filter((k) => entries[k]?.['default'] === undefined),
  };
}
