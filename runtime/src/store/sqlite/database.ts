import Database from 'libsql';

export type SqlValue = string | number | null;
export type SqlParams = Readonly<Record<string, SqlValue>>;
export type Row = Readonly<Record<string, unknown>>;

/**
 * A thin, typed face over one libsql connection: cached prepared statements with named
 * parameters only (libsql binds a lone positional `null` as an object and fails), and
 * `BEGIN IMMEDIATE` transactions for every read-then-write.
 */
export class SqlDatabase {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly connection: Database.Database) {}

  static open(path: string, busyTimeoutMs: number): SqlDatabase {
    return new SqlDatabase(new Database(path, { timeout: busyTimeoutMs }));
  }

  /** False once SQLite rolled a transaction back on its own (e.g. SQLITE_FULL, an I/O error). */
  get inTransaction(): boolean {
    return this.connection.inTransaction;
  }

  exec(sql: string): void {
    this.connection.exec(sql);
  }

  run(sql: string, params: SqlParams = {}): number {
    return this.prepare(sql).run(params).changes;
  }

  get(sql: string, params: SqlParams = {}): Row | undefined {
    return this.prepare(sql).get(params) as Row | undefined;
  }

  all(sql: string, params: SqlParams = {}): Row[] {
    return this.prepare(sql).all(params) as Row[];
  }

  /**
   * Takes the write lock up front. A deferred transaction that reads and then writes can fail
   * with SQLITE_BUSY_SNAPSHOT when another connection committed in between, and busy_timeout
   * does not retry that; IMMEDIATE waits for the lock (up to busy_timeout) instead.
   */
  immediate<T>(work: () => T): T {
    this.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.connection.inTransaction) this.exec('ROLLBACK');
      throw error;
    }
  }

  /** Several reads that must see one consistent state (WAL gives the transaction a snapshot). */
  snapshot<T>(work: () => T): T {
    this.connection.exec('BEGIN DEFERRED');
    try {
      return work();
    } finally {
      this.connection.exec('COMMIT');
    }
  }

  close(): void {
    this.statements.clear();
    this.connection.close();
  }

  private prepare(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.connection.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
