import { isStrataError } from '../core/errors.ts'
import type { BlobStore } from '../io/blob-store.ts'
import { loadSnapshot } from '../table/snapshot.ts'
import { TableWriter, createTable, type WriteResult } from '../table/write.ts'
import { QUARANTINE_SCHEMA } from './bronze-schema.ts'

/** One record that could not become a document, with where it was and why. */
export interface QuarantinedRecord {
  readonly file: string
  readonly offset: number
  readonly line?: number
  readonly error: string
  readonly raw?: string
}

type Txn = { readonly appId: string; readonly version: number }
type Columns = { readonly ingestion_id: string; readonly source: string }

const RAW_CHARS = 4096
const BATCH_ROWS = 1024

/**
 * The quarantine of one ingestion: bad records stream into `<dataset>__quarantine`, which
 * is created on the first one. Files whose app id the quarantine already holds (a rerun
 * after a crash between the two commits) are not quarantined twice.
 */
export class Quarantine {
  readonly #store: BlobStore
  readonly #columns: Columns
  readonly #txns: readonly Txn[]
  readonly #done: ReadonlySet<string>
  readonly #pending: Record<string, unknown>[] = []
  #writer: TableWriter | undefined
  count = 0

  private constructor(store: BlobStore, columns: Columns, txns: readonly Txn[], done: ReadonlySet<string>) {
    this.#store = store
    this.#columns = columns
    this.#txns = txns
    this.#done = done
  }

  static async open(store: BlobStore, ingestionId: string, source: string, txns: readonly Txn[]): Promise<Quarantine> {
    let done = new Set<string>()
    try {
      done = new Set((await loadSnapshot(store)).txns.keys())
    } catch (e) {
      if (!isStrataError(e, 'not_a_table')) throw e
    }
    return new Quarantine(store, { ingestion_id: ingestionId, source }, txns, done)
  }

  /** Counts a bad record and keeps it, unless its file's app id was quarantined before. */
  async add(appId: string, record: QuarantinedRecord): Promise<void> {
    this.count++
    if (this.#done.has(appId)) return
    this.#pending.push({
      ...this.#columns,
      file: record.file,
      offset: BigInt(record.offset),
      line: record.line === undefined ? null : BigInt(record.line),
      error: record.error,
      raw: record.raw === undefined ? null : record.raw.slice(0, RAW_CHARS),
      quarantined_at: new Date(),
    })
    if (this.#pending.length >= BATCH_ROWS) await this.#flush()
  }

  /** Commits what was kept; `undefined` when there was nothing to keep. */
  async commit(strata: Readonly<Record<string, unknown>>): Promise<WriteResult | undefined> {
    await this.#flush()
    return this.#writer?.commit({ strata })
  }

  async #flush(): Promise<void> {
    if (this.#pending.length === 0) return
    if (!this.#writer) {
      await createTable(this.#store, { schema: QUARANTINE_SCHEMA, name: 'quarantine' }).catch((e) => {
        if (!isStrataError(e, 'already_exists')) throw e
      })
      this.#writer = await TableWriter.open(this.#store, { txns: this.#txns, operation: 'QUARANTINE' })
    }
    await this.#writer.write(this.#pending.splice(0))
  }
}
