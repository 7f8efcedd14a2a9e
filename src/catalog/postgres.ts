import pg from 'pg'
import { isStrataError, StrataError } from '../core/errors.ts'
import { describeLocation } from './catalog-location.ts'
import type { Catalog } from './catalog.ts'
import { migrate } from './migrations.ts'
import { SqlCatalog } from './sql-catalog.ts'
import type { SqlDriver, SqlRow, SqlSession, SqlValue, TransactionMode } from './sql-driver.ts'

// The advisory lock every write transaction of a Strata catalog holds ('StrataCa' in ASCII).
const WRITE_LOCK = 0x5374726174614361n

const CONNECT_TIMEOUT_MS = 10_000

// bigint columns as numbers (counts and versions stay far below 2^53); json and jsonb as their text, like SQLite's.
const TYPES = new pg.TypeOverrides()
TYPES.setTypeParser(pg.types.builtins.INT8, Number)
TYPES.setTypeParser(pg.types.builtins.JSON, (text: string) => text)
TYPES.setTypeParser(pg.types.builtins.JSONB, (text: string) => text)

/** Opens (migrating when needed) the PostgreSQL catalog at `url`; the database must exist. */
export async function openPostgresCatalog(url: string): Promise<Catalog> {
  const pool = new pg.Pool({ connectionString: url, types: TYPES, max: 4, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, application_name: 'strata' })
  // An idle connection the server drops must not crash the process; the next query reports it.
  pool.on('error', () => undefined)
  const driver = new PostgresDriver(pool)
  try {
    await migrate(driver)
  } catch (e) {
    await driver.close()
    if (isStrataError(e)) throw e
    throw new StrataError('catalog_unavailable', `cannot open the PostgreSQL catalog at ${describeLocation({ type: 'postgres', url })}: ${(e as Error).message}`, { cause: e })
  }
  return new SqlCatalog(driver)
}

class PostgresDriver implements SqlDriver {
  readonly kind = 'postgres'
  readonly #pool: pg.Pool

  constructor(pool: pg.Pool) {
    this.#pool = pool
  }

  query(sql: string, params?: readonly SqlValue[]): Promise<SqlRow[]> {
    return run(this.#pool, sql, params)
  }

  async exec(sql: string): Promise<void> {
    await this.#pool.query(sql)
  }

  /** `write` holds a transaction-scoped advisory lock; `read` is a read-only REPEATABLE READ snapshot. */
  async transaction<T>(mode: TransactionMode, fn: (tx: SqlSession) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect()
    let broken: Error | undefined
    try {
      if (mode === 'write') {
        await client.query('BEGIN')
        await client.query(`SELECT pg_advisory_xact_lock(${WRITE_LOCK})`)
      } else {
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
      }
      const result = await fn({ query: (sql, params) => run(client, sql, params), exec: async (sql) => void (await client.query(sql)) })
      await client.query('COMMIT')
      return result
    } catch (e) {
      // A connection that cannot even roll back is discarded, not returned to the pool.
      await client.query('ROLLBACK').catch((rollback: Error) => (broken = rollback))
      throw e
    } finally {
      client.release(broken)
    }
  }

  async close(): Promise<void> {
    await this.#pool.end()
  }
}

async function run(on: pg.Pool | pg.PoolClient, sql: string, params: readonly SqlValue[] = []): Promise<SqlRow[]> {
  let n = 0
  // The catalog's SQL uses '?' placeholders, as SQLite does; PostgreSQL numbers them.
  return (await on.query(sql.replace(/\?/g, () => `$${++n}`), [...params])).rows as SqlRow[]
}
