import Database from 'libsql';
import { translateStorageError } from './storageErrors';

export type SqlValue = string | number | null;
export type SqlParams = Readonly<Record<string, SqlValue>>;
export type Row = Readonly<Record<string, unknown>>;

/**
 * A thin, typed face over one libsql connection: cached prepared statements with named
 * parameters only (libsql binds a lone positional `null` as an object and fails), and
 * `BEGIN IMMEDIATE` transactions for every read-then-write. Errors that mean the storage cannot
 * take writes (disk full, read-only, I/O, lock timeout) come out as StoreError UNAVAILABLE.
 */
export class SqlDatabase {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly connection: Database.Database) {}

  static open(path: string, busyTimeoutMs: number): SqlDatabase {
    return new SqlDatabase(translated(() => new Database(path, { timeout: busyTimeoutMs })));
  }

  /** False once SQLite rolled a transaction back on its own (e.g. SQLITE_FULL, an I/O error). */
  get inTransaction(): boolean {
    return this.connection.inTransaction;
  }

  exec(sql: string): void {
    translated(() => this.connection.exec(sql));
  }

  run(sql: string, params: SqlParams = {}): number {
    return translated(() => this.prepare(sql).run(params).changes);
  }

  get(sql: string, params: SqlParams = {}): Row | undefined {
    return translated(() => this.prepare(sql).get(params) as Row | undefined);
  }

  all(sql: string, params: SqlParams = {}): Row[] {
    return translated(() => this.prepare(sql).all(params) as Row[]);
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
    this.exec('BEGIN DEFERRED');
    try {
      return work();
    } finally {
      this.exec('COMMIT');
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

function translated<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw translateStorageError(error);
  }
}
