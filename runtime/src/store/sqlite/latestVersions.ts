import type { SqlDatabase } from './database';
import { int } from './rows';

/**
 * The latest published version of each workflow, as this connection last read it. Every start
 * that asks for "the latest" reads it, and versions are only ever added, so a number read once
 * stays right until someone publishes: this connection's own publishes `forget` theirs, and
 * `PRAGMA data_version` (changed by every commit of another connection, e.g. a runtime in another
 * process on the same file) drops all of them. The pragma reads shared memory, not the database.
 */
export function createLatestVersions(db: SqlDatabase) {
  const known = new Map<string, number>();
  let dataVersion: number | undefined;

  return {
    get(workflowId: string): number | null {
      const now = int(db.get('PRAGMA data_version')!, 'data_version');
      if (now !== dataVersion) {
        known.clear();
        dataVersion = now;
      }
      const cached = known.get(workflowId);
      if (cached !== undefined) return cached;
      const row = db.get(
        'SELECT max(version) AS version FROM workflow_versions WHERE workflow_id = :workflowId',
        {
          workflowId,
        },
      );
      const version = typeof row?.['version'] === 'number' ? row['version'] : null;
      // Only what exists is kept: asking for unknown ids cannot grow the map.
      if (version !== null) known.set(workflowId, version);
      return version;
    },
    /** Called by this connection's publish, inside its write transaction. */
    forget(workflowId: string): void {
      known.delete(workflowId);
    },
  };
}
