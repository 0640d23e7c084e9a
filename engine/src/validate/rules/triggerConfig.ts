import { isValidTimeZone, parseCron } from '../../definition/cron';
import { issue, type ValidationIssue } from '../issue';
import type { Rule } from '../context';

/** Cron schedules parse and name a real time zone. */
export const triggerConfig: Rule = ({ definition }) => {
  const issues: ValidationIssue[] = [];
  definition.nodes.forEach((node, index) => {
    if (node.kind !== 'trigger' || node.trigger.type !== 'cron') return;
    const at = ['nodes', index, 'trigger'];
    const parsed = parseCron(node.trigger.schedule);
    if (!parsed.ok)
      issues.push(issue('INVALID_CRON', parsed.error, { nodeId: node.id, path: [...at, 'schedule'] }));
    if (!isValidTimeZone(node.trigger.timezone)) {
      issues.push(
        issue(
          'INVALID_TIMEZONE',
          `"${node.trigger.timezone}" is not a known time zone (use a name like Europe/Berlin)`,
          { nodeId: node.id, path: [...at, 'timezone'] },
        ),
      );
    }
  });
  return issues;
};
