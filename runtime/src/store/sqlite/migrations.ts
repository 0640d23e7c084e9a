import { StoreError } from '../errors';
import type { SqlDatabase } from './database';
import { int } from './rows';

// Append-only: a released migration is never edited; a change is a new entry.
// Times are epoch milliseconds (INTEGER); JSON documents are TEXT.
// No index contains instances.updated_at: every step rewrites it, and such an index cost ~20% of
// group-commit throughput while no port query needs it (listings seek on created_at).
export const migrations: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE workflow_drafts (
        workflow_id TEXT PRIMARY KEY, name TEXT NOT NULL, definition TEXT NOT NULL,
        draft_rev INTEGER NOT NULL, updated_at INTEGER NOT NULL, updated_by TEXT NOT NULL
      );
      CREATE TABLE workflow_versions (
        workflow_id TEXT NOT NULL, version INTEGER NOT NULL, definition TEXT NOT NULL,
        published_at INTEGER NOT NULL, published_by TEXT NOT NULL,
        PRIMARY KEY (workflow_id, version)
      ) WITHOUT ROWID;

      CREATE TABLE instances (
        id TEXT PRIMARY KEY, workflow_id TEXT NOT NULL, version INTEGER NOT NULL,
        status TEXT NOT NULL, rev INTEGER NOT NULL, snapshot TEXT NOT NULL, input TEXT NOT NULL,
        outcome TEXT, output TEXT, error TEXT, current_nodes TEXT NOT NULL, correlation_keys TEXT NOT NULL,
        parent TEXT, started_by TEXT, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
        history_seq INTEGER NOT NULL, history_hash TEXT NOT NULL
      );
      CREATE INDEX instances_by_created ON instances (created_at, id);
      CREATE INDEX instances_by_workflow ON instances (workflow_id, created_at, id);
      CREATE INDEX instances_by_status ON instances (status, created_at, id);
      CREATE INDEX instances_by_starter ON instances (started_by, created_at, id);
      CREATE TABLE instance_correlation_keys (
        key TEXT NOT NULL, instance_id TEXT NOT NULL, PRIMARY KEY (key, instance_id)
      ) WITHOUT ROWID;
      CREATE INDEX correlation_keys_by_instance ON instance_correlation_keys (instance_id);
      CREATE TABLE outbox (
        position INTEGER PRIMARY KEY, instance_id TEXT NOT NULL, command_id TEXT NOT NULL,
        command TEXT NOT NULL, UNIQUE (instance_id, command_id)
      );
      CREATE TABLE history (
        instance_id TEXT NOT NULL, seq INTEGER NOT NULL, at INTEGER NOT NULL, type TEXT NOT NULL,
        node_id TEXT, actor TEXT, data TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL,
        PRIMARY KEY (instance_id, seq)
      ) WITHOUT ROWID;

      CREATE TABLE jobs (
        id TEXT PRIMARY KEY, instance_id TEXT NOT NULL, node_id TEXT NOT NULL, action TEXT NOT NULL,
        connection TEXT, input TEXT NOT NULL, attempt INTEGER NOT NULL, idempotency_key TEXT NOT NULL,
        run_at INTEGER NOT NULL, timeout_ms INTEGER NOT NULL, status TEXT NOT NULL,
        lease_owner TEXT, lease_token TEXT, lease_expires_at INTEGER, result TEXT
      );
      CREATE INDEX jobs_by_status_run_at ON jobs (status, run_at);
      CREATE INDEX jobs_by_status_lease ON jobs (status, lease_expires_at);
      CREATE INDEX jobs_by_lease_owner ON jobs (lease_owner) WHERE lease_owner IS NOT NULL;

      CREATE TABLE timers (
        id TEXT PRIMARY KEY, instance_id TEXT NOT NULL, timer_id TEXT NOT NULL, fire_at INTEGER NOT NULL,
        status TEXT NOT NULL, lease_owner TEXT, lease_token TEXT, lease_expires_at INTEGER
      );
      CREATE INDEX timers_by_status_fire_at ON timers (status, fire_at);

      CREATE TABLE tasks (
        id TEXT PRIMARY KEY, instance_id TEXT NOT NULL, node_id TEXT NOT NULL, slot TEXT NOT NULL,
        assignee_type TEXT NOT NULL, assignee_id TEXT NOT NULL, title TEXT NOT NULL, form TEXT NOT NULL,
        outcomes TEXT NOT NULL, allow_delegation INTEGER NOT NULL, due_at INTEGER, status TEXT NOT NULL,
        decision TEXT, delegated_from TEXT, created_at INTEGER NOT NULL
      );
      CREATE INDEX tasks_by_assignee ON tasks (assignee_type, assignee_id, status, created_at, id);
      CREATE INDEX tasks_by_instance ON tasks (instance_id, node_id);
      CREATE INDEX tasks_by_status ON tasks (status, created_at, id);

      CREATE TABLE cron_fires (
        workflow_id TEXT NOT NULL, trigger_id TEXT NOT NULL, scheduled_at INTEGER NOT NULL,
        PRIMARY KEY (workflow_id, trigger_id, scheduled_at)
      ) WITHOUT ROWID;
      CREATE TABLE cron_cursors (
        workflow_id TEXT NOT NULL, trigger_id TEXT NOT NULL, next_due_at INTEGER NOT NULL,
        PRIMARY KEY (workflow_id, trigger_id)
      ) WITHOUT ROWID;
      CREATE TABLE once_tokens (
        namespace TEXT NOT NULL, key TEXT NOT NULL, expires_at INTEGER NOT NULL,
        PRIMARY KEY (namespace, key)
      ) WITHOUT ROWID;
      CREATE INDEX once_tokens_by_expiry ON once_tokens (expires_at);

      CREATE TABLE users (
        id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE COLLATE NOCASE, name TEXT NOT NULL,
        password_hash TEXT NOT NULL, roles TEXT NOT NULL, groups_json TEXT NOT NULL,
        disabled INTEGER NOT NULL, created_at INTEGER NOT NULL
      );
      CREATE TABLE sessions (id TEXT PRIMARY KEY, user_id TEXT NOT NULL, expires_at INTEGER NOT NULL);
      CREATE INDEX sessions_by_user ON sessions (user_id);
      CREATE INDEX sessions_by_expiry ON sessions (expires_at);
      CREATE TABLE api_tokens (
        id TEXT PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE, name TEXT NOT NULL, user_id TEXT NOT NULL,
        roles TEXT NOT NULL, created_at INTEGER NOT NULL, last_used_at INTEGER
      );
      CREATE INDEX api_tokens_by_user ON api_tokens (user_id);
      CREATE TABLE secrets (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, connector_id TEXT NOT NULL, ciphertext TEXT NOT NULL,
        created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL
      );
      CREATE INDEX secrets_by_connector ON secrets (connector_id);
    `,
  },
  {
    version: 2,
    name: 'one history entry per step',
    // The step's outcome (active nodes, commands) moves from a separate 'step' entry into the
    // entry of the event that caused it. Older entries keep their shape and hashes.
    sql: `ALTER TABLE history ADD COLUMN step TEXT;`,
  },
  {
    version: 3,
    name: 'partial indexes for open jobs and timers',
    // Claims only ever look for queued, running (lease expired) or scheduled rows, and those are
    // few next to the finished ones: partial indexes hold just them, so finishing a job or
    // firing a timer removes an index entry instead of rewriting three.
    sql: `
      DROP INDEX jobs_by_status_run_at;
      DROP INDEX jobs_by_status_lease;
      DROP INDEX jobs_by_lease_owner;
      CREATE INDEX jobs_queued ON jobs (run_at, id) WHERE status = 'queued';
      CREATE INDEX jobs_running ON jobs (lease_expires_at) WHERE status = 'running';
      DROP INDEX timers_by_status_fire_at;
      CREATE INDEX timers_scheduled ON timers (fire_at, id) WHERE status = 'scheduled';
    `,
  },
  {
    version: 4,
    name: 'users who must change their password',
    sql: `ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;`,
  },
  {
    version: 5,
    name: 'jobs the worker retries itself',
    sql: `ALTER TABLE jobs ADD COLUMN max_attempts INTEGER;`,
  },
  {
    version: 6,
    name: 'root of each subworkflow tree',
    // The runtime bounds how many instances one start may grow into (limits.instancesPerTree):
    // each child records its tree's root, and counting a tree seeks this partial index.
    sql: `
      ALTER TABLE instances ADD COLUMN root_id TEXT;
      CREATE INDEX instances_by_root ON instances (root_id) WHERE root_id IS NOT NULL;
    `,
  },
  {
    version: 7,
    name: 'publication order of versions',
    // Readers (the cron triggers) ask what was published since the last position they saw instead
    // of reading every workflow again. Existing versions are numbered in the order they were published.
    sql: `
      ALTER TABLE workflow_versions ADD COLUMN publish_seq INTEGER;
      UPDATE workflow_versions SET publish_seq = ordered.seq
        FROM (SELECT workflow_id, version,
                     row_number() OVER (ORDER BY published_at, workflow_id, version) AS seq
              FROM workflow_versions) AS ordered
        WHERE ordered.workflow_id = workflow_versions.workflow_id AND ordered.version = workflow_versions.version;
      CREATE UNIQUE INDEX workflow_versions_by_publish_seq ON workflow_versions (publish_seq);
    `,
  },
  {
    version: 8,
    name: 'a row to probe writes with',
    // Readiness proves the store can still commit (disk full, read-only) by rewriting this row.
    sql: `CREATE TABLE store_probe (id INTEGER PRIMARY KEY CHECK (id = 1), at INTEGER NOT NULL);`,
  },
  {
    version: 9,
    name: 'a note per published version',
    sql: `ALTER TABLE workflow_versions ADD COLUMN note TEXT;`,
  },
  {
    version: 10,
    name: 'a feed of committed changes',
    // Live updates read what changed from here, whichever process committed it. Each row is
    // written in the transaction of its change, and writers take the lock up front (BEGIN
    // IMMEDIATE), so seq order is commit order; AUTOINCREMENT never reuses a pruned seq.
    sql: `CREATE TABLE changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, data TEXT NOT NULL);`,
  },
  {
    version: 11,
    name: 'groups as records',
    // Each group id users named becomes a group (named by its id, as old as its first member) and
    // each user's list their memberships, in list order (the rowid keeps it). users.groups_json
    // is no longer read; it is left in place for a runtime rolled back to an older version.
    sql: `
      CREATE TABLE groups (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, description TEXT NOT NULL, created_at INTEGER NOT NULL
      );
      CREATE TABLE group_members (
        group_id TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        UNIQUE (group_id, user_id)
      );
      CREATE INDEX group_members_by_user ON group_members (user_id);
      INSERT INTO groups (id, name, description, created_at)
        SELECT g.value, g.value, '', min(u.created_at) FROM users u, json_each(u.groups_json) g GROUP BY g.value;
      INSERT OR IGNORE INTO group_members (group_id, user_id)
        SELECT g.value, u.id FROM users u, json_each(u.groups_json) g ORDER BY u.created_at, u.id, g.key;
    `,
  },
  {
    version: 12,
    name: 'columns and indexes for process statistics',
    // Statistics aggregate over narrow covering indexes, never over the instance rows (their
    // snapshots spill into overflow pages). An instance's end (status, time) gets its own columns,
    // written only when its status changes, because every step rewrites status and updated_at and
    // an index over those would slow every commit. Tasks carry their instance's workflow and
    // version (fixed at creation) and when they closed (decided or cancelled). The two duration
    // indexes hold finished instances and decided tasks in duration order: a percentile is then
    // a walk to its rank, not a sort.
    sql: `
      ALTER TABLE instances ADD COLUMN end_status TEXT;
      ALTER TABLE instances ADD COLUMN ended_at INTEGER;
      UPDATE instances SET end_status = status, ended_at = updated_at WHERE status <> 'running';
      CREATE INDEX instances_for_statistics ON instances (workflow_id, created_at, version, end_status, ended_at);
      CREATE INDEX instances_by_cycle_time ON instances (workflow_id, ended_at - created_at, created_at, version)
        WHERE end_status IN ('completed', 'rejected');
      ALTER TABLE tasks ADD COLUMN workflow_id TEXT;
      ALTER TABLE tasks ADD COLUMN version INTEGER;
      ALTER TABLE tasks ADD COLUMN closed_at INTEGER;
      UPDATE tasks SET
        workflow_id = (SELECT i.workflow_id FROM instances i WHERE i.id = tasks.instance_id),
        version = (SELECT i.version FROM instances i WHERE i.id = tasks.instance_id),
        closed_at = CASE WHEN status = 'decided' THEN json_extract(decision, '$.at') END;
      CREATE INDEX tasks_for_statistics ON tasks (workflow_id, created_at, version, node_id, status, due_at, closed_at);
      CREATE INDEX tasks_by_turnaround ON tasks (workflow_id, node_id, closed_at - created_at, created_at, version)
        WHERE status = 'decided' AND closed_at IS NOT NULL;
      CREATE INDEX tasks_open_for_statistics ON tasks (workflow_id, version, node_id, due_at) WHERE status = 'open';
    `,
  },
  {
    version: 13,
    name: 'open incidents per instance',
    // The runs list marks and filters instances waiting for an operator without reading their
    // snapshots: each step writes how many incidents it left open. Instances stored before this
    // count none until their next step.
    sql: `
      ALTER TABLE instances ADD COLUMN open_incidents INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX instances_with_incidents ON instances (created_at, id) WHERE open_incidents > 0;
    `,
  },
  {
    version: 14,
    name: 'data retention',
    // Pruning walks ended instances in end order (all workflows, or one), and deletes the jobs and
    // timers of each: partial indexes over ended_at hold only ended instances, and ended_at is
    // written once per end, so steps pay nothing for them. Per-workflow policies get their table.
    sql: `
      CREATE INDEX instances_ended ON instances (ended_at, id) WHERE ended_at IS NOT NULL;
      CREATE INDEX instances_ended_by_workflow ON instances (workflow_id, ended_at, id) WHERE ended_at IS NOT NULL;
      CREATE INDEX jobs_by_instance ON jobs (instance_id);
      CREATE INDEX timers_by_instance ON timers (instance_id);
      CREATE TABLE retention_policies (
        workflow_id TEXT PRIMARY KEY, ended_instances_days INTEGER, mode TEXT,
        updated_at INTEGER NOT NULL, updated_by TEXT NOT NULL
      );
    `,
  },
  {
    version: 15,
    name: 'workflow activation',
    // One row per workflow ever deactivated (none: active). Read by workflow id only, so the key
    // is the only index.
    sql: `
      CREATE TABLE workflow_activations (
        workflow_id TEXT PRIMARY KEY, active INTEGER NOT NULL,
        changed_at INTEGER NOT NULL, changed_by TEXT NOT NULL
      );
    `,
  },
  {
    version: 16,
    name: 'users away',
    // The out-of-office setting as JSON (schemas/auth.ts AwaySchema), NULL when not set: read
    // with the user only, never searched by.
    sql: `ALTER TABLE users ADD COLUMN away TEXT;`,
  },
  {
    version: 17,
    name: 'incident counts',
    // The dashboard counts the running instances waiting for an operator (of all workflows, or of
    // one) exactly: a partial index holding only those instances answers it without reading rows.
    sql: `
      CREATE INDEX instances_incidents_by_status ON instances (status, workflow_id, open_incidents) WHERE open_incidents > 0;
    `,
  },
  {
    version: 18,
    name: 'buffered messages',
    // Reservations walk the free messages of one event and key, oldest first (a partial index holds
    // only free ones); the purge walks expiry; stale reservations are found by when they were made.
    // The rowid orders messages buffered in the same millisecond by arrival.
    sql: `
      CREATE TABLE buffered_messages (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE, event TEXT NOT NULL, correlation_key TEXT NOT NULL, workflow_id TEXT,
        payload TEXT NOT NULL, buffered_at INTEGER NOT NULL, expires_at INTEGER NOT NULL,
        reserved_for TEXT, reserved_at INTEGER, taken_at INTEGER
      );
      CREATE INDEX buffered_messages_free ON buffered_messages (event, correlation_key, buffered_at, seq)
        WHERE reserved_for IS NULL;
      CREATE INDEX buffered_messages_by_expiry ON buffered_messages (expires_at);
      CREATE INDEX buffered_messages_reserved ON buffered_messages (reserved_at)
        WHERE reserved_for IS NOT NULL AND taken_at IS NULL;
    `,
  },
  {
    version: 19,
    name: 'buffered message reservation tokens',
    // Each reservation gets a new token that its take must name (fencing: a step computed under
    // a reservation since released commits nothing). Reservations made before this version get
    // one each, so the sweep can still settle them through their runs. Read by message id only.
    sql: `
      ALTER TABLE buffered_messages ADD COLUMN reservation_token TEXT;
      UPDATE buffered_messages SET reservation_token = 'before-fencing:' || seq
        WHERE reserved_for IS NOT NULL AND taken_at IS NULL;
    `,
  },
  {
    version: 20,
    name: 'instance business keys',
    // Runs are found by their business key, exactly or by a prefix (a range on the column), newest
    // first; only runs that have one are indexed.
    sql: `
      ALTER TABLE instances ADD COLUMN business_key TEXT;
      CREATE INDEX instances_by_business_key ON instances (business_key, created_at, id)
        WHERE business_key IS NOT NULL;
    `,
  },
];

/** Applies pending migrations in one IMMEDIATE transaction, so two processes opening at once are safe. */
export function migrate(db: SqlDatabase): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)');
  db.immediate(() => {
    const current = int(
      db.get('SELECT coalesce(max(version), 0) AS v FROM schema_migrations') ?? { v: 0 },
      'v',
    );
    const latest = migrations.at(-1)?.version ?? 0;
    if (current > latest) {
      throw new StoreError(
        'SCHEMA_TOO_NEW',
        `The database schema is at version ${current}, newer than this runtime knows (${latest}). Upgrade the runtime.`,
      );
    }
    for (const migration of migrations) {
      if (migration.version <= current) continue;
      db.exec(migration.sql);
      db.run('INSERT INTO schema_migrations (version, name) VALUES (:version, :name)', {
        version: migration.version,
        name: migration.name,
      });
    }
  });
}
