import { DatabaseSync } from 'node:sqlite'
import { StrataError } from '../core/errors.ts'
import type { Catalog } from './catalog.ts'
import { migrate } from './migrations.ts'
import { SqlCatalog } from './sql-catalog.ts'
import type { SqlDriver, SqlRow, SqlSession, SqlValue, TransactionMode } from './sql-driver.ts'

// How long a write waits for another process's write transaction before giving up.
const BUSY_TIMEOUT_MS = 10_000

/**
 * Opens (creating and migrating when needed) the SQLite catalog in `file`. WAL mode lets
 * readers and one writer work at once, across processes.
 */
export async function openSqliteCatalog(file: string): Promise<Catalog> {
  let driver: SqliteDriver | undefined
  try {
    driver = new SqliteDriver(new DatabaseSync(file, { timeout: BUSY_TIMEOUT_MS }))
    await driver.exec('PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON')
  } catch (e) {
    await driver?.close()
    throw new StrataError('catalog_unavailable', `cannot open the SQLite catalog '${file}': ${(e as Error).message}`, { cause: e })
  }
  try {
    await migrate(driver)
  } catch (e) {
    await driver.close()
    throw e
  }
  return new SqlCatalog(driver)
}

// The connections of this process to a database file take turns (see SqliteDriver), by file.
const turns = new Map<string, Promise<unknown>>()

/**
 * node:sqlite is synchronous: a statement waiting for a lock blocks the thread, so it would
 * wait out its timeout on a lock another connection of this same thread holds across an
 * await. Hence every call on a file runs in turn with all other calls on that file in this
 * process, which also keeps other callers' statements out of a transaction; between
 * processes, SQLite's own locks and the busy timeout serialize.
 */
class SqliteDriver implements SqlDriver {
  readonly kind = 'sqlite'
  readonly #db: DatabaseSync
  readonly #file: string
  readonly #session: SqlSession

  constructor(db: DatabaseSync) {
    this.#db = db
    this.#file = db.location() ?? ':memory:'
    this.#session = {
      query: async (sql: string, params: readonly SqlValue[] = []) => db.prepare(sql).all(...params) as SqlRow[],
      exec: async (sql: string) => db.exec(sql),
    }
  }

  query(sql: string, params?: readonly SqlValue[]): Promise<SqlRow[]> {
    return this.#exclusive(() => this.#session.query(sql, params))
  }

  exec(sql: string): Promise<void> {
    return this.#exclusive(() => this.#session.exec(sql))
  }

  /** `write` is BEGIN IMMEDIATE: it takes the database's write lock at once, waiting up to the busy timeout. */
  transaction<T>(mode: TransactionMode, fn: (tx: SqlSession) => Promise<T>): Promise<T> {
    return this.#exclusive(async () => {
      this.#db.exec(mode === 'write' ? 'BEGIN IMMEDIATE' : 'BEGIN')
      try {
        const result = await fn(this.#session)
        this.#db.exec('COMMIT')
        return result
      } catch (e) {
        if (this.#db.isTransaction) this.#db.exec('ROLLBACK')
        throw e
      }
    })
  }

  close(): Promise<void> {
    return this.#exclusive(async () => this.#db.close())
  }

  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = (turns.get(this.#file) ?? Promise.resolve()).then(fn)
    const settled = run.catch(() => undefined)
    turns.set(this.#file, settled)
    void settled.then(() => turns.get(this.#file) === settled && turns.delete(this.#file))
    return run
  }
}
