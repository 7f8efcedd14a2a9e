import { StrataError } from '../core/errors.ts'
import { auditDetails, auditHash, canonicalJson, verifyChain, type AuditHead, type StoredAuditRow } from './audit-chain.ts'
import { auditEntryFromRow, auditFromRow, datasetFromRow, datasetKey, datasetRow, ingestionFromRow, ingestionRow } from './catalog-rows.ts'
import type { AuditEntry, AuditVerification, Catalog, DatasetRecord, IngestionRecord } from './catalog.ts'
import type { SqlDriver, SqlSession, SqlValue } from './sql-driver.ts'

// Rows per query while verifying: bounds memory on a log of any length.
const VERIFY_PAGE = 1000

/** The catalog over a SQL database; the SQL is the same for every driver. */
export class SqlCatalog implements Catalog {
  readonly #db: SqlDriver

  /** Wraps a driver whose database is already migrated. */
  constructor(driver: SqlDriver) {
    this.#db = driver
  }

  async upsertDataset(record: DatasetRecord): Promise<void> {
    const row = datasetRow(record)
    const updates = Object.keys(row).filter((c) => c !== 'zone' && c !== 'name').map((c) => `${c} = excluded.${c}`)
    await this.#db.query(`${insert('datasets', row)} ON CONFLICT (zone, name) DO UPDATE SET ${updates.join(', ')}`, Object.values(row))
  }

  async getDataset(dataset: string): Promise<DatasetRecord | undefined> {
    const { zone, name } = datasetKey(dataset)
    const [row] = await this.#db.query('SELECT * FROM datasets WHERE zone = ? AND name = ?', [zone, name])
    return row && datasetFromRow(row)
  }

  /** Refuses with `already_exists` an ingestion id that is already recorded. */
  async recordIngestion(record: IngestionRecord): Promise<void> {
    const row = ingestionRow(record)
    const added = await this.#db.query(`${insert('ingestions', row)} ON CONFLICT (ingestion_id) DO NOTHING RETURNING ingestion_id`, Object.values(row))
    if (added.length === 0) throw new StrataError('already_exists', `ingestion '${record.ingestionId}' is already recorded in the catalog`)
  }

  /** Newest first by ingestion time, ties by id descending. */
  async listIngestions(filter: { readonly dataset?: string } = {}): Promise<IngestionRecord[]> {
    const where = filter.dataset === undefined ? '' : 'WHERE dataset = ?'
    const rows = await this.#db.query(`SELECT * FROM ingestions ${where} ORDER BY ingested_ms DESC, ingestion_id DESC`, filter.dataset === undefined ? [] : [filter.dataset])
    return rows.map(ingestionFromRow)
  }

  /**
   * Appends in a write transaction, which excludes every other appender (in any process)
   * from reading the head until this row and the new head are committed, so the chain
   * never forks. `at` is taken inside it, so times follow `seq`.
   */
  async appendAudit(entry: { readonly actor: string; readonly action: string; readonly target: string; readonly details?: Readonly<Record<string, unknown>> }): Promise<AuditEntry> {
    const details = auditDetails(entry.details)
    return this.#db.transaction('write', async (tx) => {
      const head = await readHead(tx)
      const content = { seq: head.seq + 1, at: new Date().toISOString(), actor: entry.actor, action: entry.action, target: entry.target, details, prevHash: head.hash }
      const hash = auditHash(content)
      await tx.query('INSERT INTO audit_log (seq, at, actor, action, target, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
        content.seq, content.at, content.actor, content.action, content.target, canonicalJson(details), content.prevHash, hash,
      ])
      await tx.query('UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1', [content.seq, hash])
      return { ...content, hash }
    })
  }

  /** Newest first; `limit` keeps the newest rows. */
  async listAudit(filter: { readonly target?: string; readonly limit?: number } = {}): Promise<AuditEntry[]> {
    const params: SqlValue[] = filter.target === undefined ? [] : [filter.target]
    let sql = `SELECT * FROM audit_log ${filter.target === undefined ? '' : 'WHERE target = ?'} ORDER BY seq DESC`
    if (filter.limit !== undefined) {
      if (!Number.isSafeInteger(filter.limit) || filter.limit < 0) throw new StrataError('invalid_argument', `audit limit must be a whole number >= 0, not ${filter.limit}`)
      sql += ' LIMIT ?'
      params.push(filter.limit)
    }
    return (await this.#db.query(sql, params)).map(auditEntryFromRow)
  }

  /** Verifies one consistent snapshot of the log, so appends running meanwhile are neither seen in part nor blocked. */
  async verifyAudit(): Promise<AuditVerification> {
    return this.#db.transaction('read', async (tx) => verifyChain(pages(tx), await readHead(tx)))
  }

  async close(): Promise<void> {
    await this.#db.close()
  }
}

function insert(table: string, row: Record<string, SqlValue>): string {
  const columns = Object.keys(row)
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`
}

async function readHead(tx: SqlSession): Promise<AuditHead> {
  const [row] = await tx.query('SELECT seq, hash FROM audit_head WHERE id = 1')
  if (!row) throw new StrataError('corrupt_catalog', "the catalog's audit_head row is missing: the database was altered outside Strata")
  return { seq: Number(row.seq), hash: row.hash as string }
}

async function* pages(tx: SqlSession): AsyncGenerator<StoredAuditRow> {
  let rows = await tx.query('SELECT * FROM audit_log ORDER BY seq LIMIT ?', [VERIFY_PAGE])
  while (rows.length > 0) {
    for (const row of rows) yield auditFromRow(row)
    if (rows.length < VERIFY_PAGE) return
    rows = await tx.query('SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?', [rows.at(-1)!.seq!, VERIFY_PAGE])
  }
}
