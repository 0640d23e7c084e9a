import { isDurationExpression } from '../definition/computedDuration';
import { durationFields } from '../definition/durationFields';
import type { WorkflowDefinition, WorkflowNode } from '../definition/types';
import type { ScopeName } from './scope';

/** One place in a definition that holds an expression. */
export interface ExpressionSite {
  readonly nodeId: string;
  readonly path: readonly (string | number)[];
  readonly source: string;
  readonly scope: ScopeName;
  /** The value must be a boolean (decision conditions). */
  readonly boolean?: true;
  /** The value must be an ISO-8601 duration as text; the field it computes (`due.after`). */
  readonly duration?: string;
}

/** Every expression of a definition, with the names it may read. */
export function expressionSites(definition: WorkflowDefinition): ExpressionSite[] {
  const sites: ExpressionSite[] = [];
  definition.nodes.forEach((node, index) => collect(node, ['nodes', index], sites));
  return sites;
}

function mapping(
  nodeId: string,
  base: readonly (string | number)[],
  entries: Readonly<Record<string, string>> | undefined,
  scope: ScopeName,
  out: ExpressionSite[],
): void {
  for (const [key, source] of Object.entries(entries ?? {}))
    out.push({ nodeId, path: [...base, key], source, scope });
}

function collect(node: WorkflowNode, at: readonly (string | number)[], out: ExpressionSite[]): void {
  const id = node.id;
  // A fixed duration is no site: the durations rule checks it.
  for (const { path, field, value } of durationFields(node))
    if (isDurationExpression(value))
      out.push({
        nodeId: id,
        path: [...at, ...path, 'expression'],
        source: value.expression,
        scope: 'step',
        duration: field,
      });
  if ('cancelOn' in node && node.cancelOn?.correlationKey !== undefined)
    out.push({
      nodeId: id,
      path: [...at, 'cancelOn', 'correlationKey'],
      source: node.cancelOn.correlationKey,
      scope: 'step',
    });
  switch (node.kind) {
    case 'trigger': {
      const t = node.trigger;
      const scope: ScopeName | undefined =
        t.type === 'webhook'
          ? 'webhookTrigger'
          : t.type === 'cron'
            ? 'cronTrigger'
            : t.type === 'event'
              ? 'eventTrigger'
              : undefined;
      if (scope && 'input' in t) mapping(id, [...at, 'trigger', 'input'], t.input, scope, out);
      if (t.type === 'webhook' && t.deliver) {
        const base = [...at, 'trigger', 'deliver'];
        const { when, correlationKey, payload } = t.deliver;
        out.push({
          nodeId: id,
          path: [...base, 'when'],
          source: when,
          scope: 'webhookTrigger',
          boolean: true,
        });
        out.push({
          nodeId: id,
          path: [...base, 'correlationKey'],
          source: correlationKey,
          scope: 'webhookTrigger',
        });
        mapping(id, [...base, 'payload'], payload, 'webhookTrigger', out);
      }
      return;
    }
    case 'task':
      mapping(id, [...at, 'input'], node.input, 'taskInput', out);
      mapping(id, [...at, 'output'], node.output, 'result', out);
      return;
    case 'subworkflow':
      mapping(id, [...at, 'input'], node.input, 'step', out);
      mapping(id, [...at, 'output'], node.output, 'result', out);
      return;
    case 'forEach':
      out.push({ nodeId: id, path: [...at, 'items'], source: node.items, scope: 'step' });
      mapping(id, [...at, 'run', 'input'], node.run.input, 'itemInput', out);
      mapping(id, [...at, 'output'], node.output, 'result', out);
      return;
    case 'approval':
    case 'manualTask':
      node.assignees.forEach((a, i) => {
        if (a.type === 'expression')
          out.push({
            nodeId: id,
            path: [...at, 'assignees', i, 'expression'],
            source: a.expression,
            scope: 'step',
          });
      });
      mapping(id, [...at, 'details'], node.details, 'step', out);
      return;
    case 'decision':
      node.conditions.forEach((c, i) =>
        out.push({
          nodeId: id,
          path: [...at, 'conditions', i, 'when'],
          source: c.when,
          scope: 'step',
          boolean: true,
        }),
      );
      return;
    case 'transform':
      mapping(id, [...at, 'set'], node.set, 'step', out);
      return;
    case 'wait':
      if (node.wait.type === 'until')
        out.push({ nodeId: id, path: [...at, 'wait', 'until'], source: node.wait.until, scope: 'step' });
      if (node.wait.type === 'event') {
        out.push({
          nodeId: id,
          path: [...at, 'wait', 'correlationKey'],
          source: node.wait.correlationKey,
          scope: 'step',
        });
        mapping(id, [...at, 'wait', 'output'], node.wait.output, 'event', out);
      }
      return;
    case 'end':
      mapping(id, [...at, 'output'], node.output, 'step', out);
      return;
    case 'parallel':
    case 'join':
      return;
  }
}
