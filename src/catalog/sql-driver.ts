/** A value a query binds or returns: text, a number (integers are safe integers), or null. */
export type SqlValue = string | number | null

/** One result row, by column name. */
export type SqlRow = Readonly<Record<string, SqlValue>>

/** Runs statements on one connection or transaction. */
export interface SqlSession {
  /** Runs one statement; parameters are `?` placeholders bound in order. */
  query(sql: string, params?: readonly SqlValue[]): Promise<SqlRow[]>
  /** Runs a script of statements without parameters. */
  exec(sql: string): Promise<void>
}

/**
 * A `write` transaction excludes every other `write` transaction on the database, across
 * processes, for its whole length; a `read` transaction sees one consistent snapshot.
 */
export type TransactionMode = 'write' | 'read'

/**
 * What the catalog needs of a database: the SQL it sends is common to SQLite and
 * PostgreSQL, so the drivers differ only in connecting, placeholders and transactions.
 * Integers come back as numbers and JSON columns as their text.
 */
export interface SqlDriver extends SqlSession {
  readonly kind: 'sqlite' | 'postgres'
  /** Runs `fn` in a transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(mode: TransactionMode, fn: (tx: SqlSession) => Promise<T>): Promise<T>
  close(): Promise<void>
}
