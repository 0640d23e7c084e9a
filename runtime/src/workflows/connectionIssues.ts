import type { ValidationIssue, WorkflowDefinition } from '@flowline/engine';
import type { CatalogEntry } from '@flowline/connector-sdk';

/**
 * Steps that would stop at run time for want of a connection: their connector needs settings or
 * credentials (a base URL, an account) and the connection they name does not exist, or they name
 * none and the connector has no "default" one. Warnings at publish, not refusals: connections are
 * often made after the workflow (the examples' walkthroughs do), but the publisher should know
 * that runs will stop with an incident until they are.
 */
export async function connectionIssues(
  definition: WorkflowDefinition,
  deps: {
    readonly connector: (id: string) => CatalogEntry | undefined;
    /** What a connection must give the connector; empty when it runs without one. */
    readonly needs: (connectorId: string) => readonly string[];
    /** The names of the stored connections of a connector. */
    readonly connectionNames: (connectorId: string) => Promise<ReadonlySet<string>>;
  },
): Promise<ValidationIssue[]> {
  const issues: ValidationIssue[] = [];
  const names = new Map<string, Promise<ReadonlySet<string>>>();
  for (const [index, node] of definition.nodes.entries()) {
    const call =
      node.kind === 'task'
        ? { action: node.action, connection: node.connection, path: ['nodes', index, 'connection'] }
        : node.kind === 'forEach' && node.run.type === 'task'
          ? {
              action: node.run.action,
              connection: node.run.connection,
              path: ['nodes', index, 'run', 'connection'],
            }
          : undefined;
    if (!call) continue;
    const connectorId = call.action.slice(0, call.action.indexOf('.'));
    const connector = deps.connector(connectorId);
    const needs = connector ? deps.needs(connectorId) : [];
    // An unknown action is the validator's error already.
    if (!connector || needs.length === 0) continue;
    if (!names.has(connectorId)) names.set(connectorId, deps.connectionNames(connectorId));
    const stored = await names.get(connectorId)!;
    const wanted = call.connection ?? 'default';
    if (stored.has(wanted)) continue;
    const until = 'until then its runs stop at this step with an incident';
    issues.push({
      code: 'CONNECTION_MISSING',
      severity: 'warning',
      nodeId: node.id,
      path: call.path,
      message:
        call.connection === undefined
          ? `"${node.name}" names no connection, and ${connector.title} needs one (${needs.join(', ')}) with no default connection to fall back on: choose one under Connection, or create its default one (Administration → Connections); ${until}`
          : `"${node.name}" uses the connection "${call.connection}", which does not exist for ${connector.title}: create it (Administration → Connections) or choose another; ${until}`,
    });
  }
  return issues;
}
