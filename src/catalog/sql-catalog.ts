import { StrataError } from '../core/errors.ts'
import { auditDetails, auditHash, canonicalJson, verifyChain, type AuditHead, type StoredAuditRow } from './audit-chain.ts'
import { auditEntryFromRow, auditFromRow, datasetFromRow, datasetKey, datasetRow, ingestionFromRow, ingestionRow } from './catalog-rows.ts'
import { isRunStatus, lineageFromRow, lineageRow, notRunStatus, runChangeRow, runFromRow, runRow, taskFromRow, taskRow } from './catalog-runs.ts'
import type { AuditEntry, AuditVerification, Catalog, DatasetRecord, IngestionRecord, LineageEdge, RunChange, RunFilter, RunRecord, TaskRecord } from './catalog.ts'
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
    await this.#db.query(upsert('datasets', row, ['zone', 'name']), Object.values(row))
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
    const max = limit('audit', filter.limit)
    const where = filter.target === undefined ? '' : 'WHERE target = ?'
    const params = filter.target === undefined ? [] : [filter.target]
    return (await this.#db.query(`SELECT * FROM audit_log ${where} ORDER BY seq DESC${max.sql}`, [...params, ...max.params])).map(auditEntryFromRow)
  }

  /** Verifies one consistent snapshot of the log, so appends running meanwhile are neither seen in part nor blocked. */
  async verifyAudit(): Promise<AuditVerification> {
    return this.#db.transaction('read', async (tx) => verifyChain(pages(tx), await readHead(tx)))
  }

  async createRun(record: RunRecord): Promise<void> {
    const row = runRow(record)
    const added = await this.#db.query(`${insert('runs', row)} ON CONFLICT (run_id) DO NOTHING RETURNING run_id`, Object.values(row))
    if (added.length === 0) throw new StrataError('already_exists', `run '${record.runId}' is already recorded in the catalog`)
  }

  async updateRun(runId: string, change: RunChange): Promise<void> {
    const row = runChangeRow(runId, change)
    const set = Object.keys(row).map((c) => `${c} = ?`)
    const updated = await this.#db.query(`UPDATE runs SET ${set.join(', ')} WHERE run_id = ? RETURNING run_id`, [...Object.values(row), runId])
    if (updated.length === 0) throw unknownRun(runId)
  }

  async getRun(runId: string): Promise<RunRecord | undefined> {
    const [row] = await this.#db.query('SELECT * FROM runs WHERE run_id = ?', [runId])
    return row && runFromRow(row)
  }

  /** Refuses an output that is not a dataset, an unknown status and a limit that is not a whole number >= 0. */
  async listRuns(filter: RunFilter = {}): Promise<RunRecord[]> {
    if (filter.output !== undefined) datasetKey(filter.output)
    if (filter.status !== undefined && !isRunStatus(filter.status)) throw new StrataError('invalid_argument', `runs cannot be listed: ${notRunStatus(filter.status)}`)
    const max = limit('run', filter.limit)
    const given = Object.entries({ output: filter.output, plan_hash: filter.planHash, status: filter.status }).filter(([, v]) => v !== undefined)
    const where = given.length === 0 ? '' : `WHERE ${given.map(([c]) => `${c} = ?`).join(' AND ')}`
    const params = given.map(([, v]) => v as string)
    return (await this.#db.query(`SELECT * FROM runs ${where} ORDER BY started_at DESC, run_id DESC${max.sql}`, [...params, ...max.params])).map(runFromRow)
  }

  async recordTask(task: TaskRecord): Promise<void> {
    const row = taskRow(task)
    await this.#db.transaction('write', async (tx) => {
      await requireRun(tx, task.runId)
      await tx.query(upsert('tasks', row, ['run_id', 'task_id']), Object.values(row))
    })
  }

  async listTasks(runId: string): Promise<TaskRecord[]> {
    return (await this.#db.query('SELECT * FROM tasks WHERE run_id = ? ORDER BY task_id', [runId])).map(taskFromRow)
  }

  /** Refuses with `not_found` the whole batch when an edge names a run that is not recorded. */
  async recordLineage(edges: readonly LineageEdge[]): Promise<void> {
    const rows = edges.map(lineageRow)
    if (rows.length === 0) return
    await this.#db.transaction('write', async (tx) => {
      for (const runId of new Set(edges.map((e) => e.runId))) await requireRun(tx, runId)
      for (const row of rows) await tx.query(`${insert('lineage_edges', row)} ON CONFLICT (from_ref, to_ref, run_id) DO NOTHING`, Object.values(row))
    })
  }

  /** Ties (the same `from` read by several runs) by run id. */
  async lineageInto(to: string): Promise<LineageEdge[]> {
    const rows = await this.#db.query('SELECT * FROM lineage_edges WHERE to_ref = ? AND run_id IS NOT NULL ORDER BY from_ref, run_id', [to])
    return rows.map(lineageFromRow)
  }

  async close(): Promise<void> {
    await this.#db.close()
  }
}

function insert(table: string, row: Record<string, SqlValue>): string {
  const columns = Object.keys(row)
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`
}

// Inserts the row, or sets every column but the key's on the row with its key.
function upsert(table: string, row: Record<string, SqlValue>, key: readonly string[]): string {
  const updates = Object.keys(row).filter((c) => !key.includes(c)).map((c) => `${c} = excluded.${c}`)
  return `${insert(table, row)} ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${updates.join(', ')}`
}

// ' LIMIT ?' and its parameter, or nothing when no limit is given.
function limit(subject: string, n: number | undefined): { readonly sql: string; readonly params: readonly SqlValue[] } {
  if (n === undefined) return { sql: '', params: [] }
  if (!Number.isSafeInteger(n) || n < 0) throw new StrataError('invalid_argument', `${subject} limit must be a whole number >= 0, not ${n}`)
  return { sql: ' LIMIT ?', params: [n] }
}

async function requireRun(tx: SqlSession, runId: string): Promise<void> {
  if ((await tx.query('SELECT 1 FROM runs WHERE run_id = ?', [runId])).length === 0) throw unknownRun(runId)
}

function unknownRun(runId: string): StrataError {
  return new StrataError('not_found', `run '${runId}' is not recorded in the catalog`)
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
