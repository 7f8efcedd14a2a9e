import { randomUUID } from 'node:crypto'
import { StrataError } from '../core/errors.ts'
import type { BlobStore } from '../io/blob-store.ts'
import type { Action, AddAction, MetadataAction } from './actions.ts'
import { DataFileWriter } from './file-writer.ts'
import { checkWritable } from './features.ts'
import { schemaString, type StructType } from './schema.ts'
import { evolveSchema } from './schema-evolution.ts'
import { loadSnapshot, type Snapshot } from './snapshot.ts'
import { commit, type CommitResult } from './transaction.ts'

export interface CreateTableOptions {
  readonly schema: StructType
  readonly partitionColumns?: readonly string[]
  readonly name?: string
  readonly description?: string
  readonly configuration?: Readonly<Record<string, string>>
  readonly strata?: Readonly<Record<string, unknown>>
}

export interface WriteOptions {
  /** `append` (default) adds files; `overwrite` also removes every file of the version read. */
  readonly mode?: 'append' | 'overwrite'
  /**
   * Idempotence: the (app id, version) pairs this write commits. A write all of whose pairs
   * are already committed (at that version or later) is skipped; concurrent writers of the
   * same app id conflict instead of both landing.
   */
  readonly txns?: readonly { readonly appId: string; readonly version: number }[]
  /** A new schema for the table; it may only add nullable columns (schema evolution). */
  readonly schema?: StructType
  /** Strata's provenance for `commitInfo.strata`: run id, ingestion record, … */
  readonly strata?: Readonly<Record<string, unknown>>
  /** Delta's operation name in commitInfo; WRITE by default. */
  readonly operation?: string
  /** Rows per data file (per partition) before a new file is started. */
  readonly fileRows?: number
}

/** What `TableWriter.commit` may learn only at the end of a write. */
export interface CommitExtras {
  readonly strata?: Readonly<Record<string, unknown>>
  readonly txns?: WriteOptions['txns']
}

/** The outcome of a write: committed, skipped as already done (txn), or a logical conflict. */
export type WriteResult =
  | { readonly status: 'committed'; readonly version: number; readonly filesAdded: number; readonly filesRemoved: number; readonly rows: number; readonly bytes: number }
  | { readonly status: 'skipped'; readonly version: number; readonly reason: string }
  | { readonly status: 'conflict'; readonly version: number; readonly reason: string }

const DEFAULT_FILE_ROWS = 100_000

/** Creates a table: version 0 with protocol (reader 1, writer 2) and metadata. Refuses an existing table. */
export async function createTable(store: BlobStore, options: CreateTableOptions): Promise<number> {
  const where = store.describe('')
  const names = new Set(options.schema.fields.map((f) => f.name))
  for (const p of options.partitionColumns ?? []) {
    if (!names.has(p)) throw new StrataError('schema_mismatch', `${where}: partition column '${p}' is not in the schema`)
  }
  const metadata: MetadataAction = {
    kind: 'metaData',
    id: randomUUID(),
    ...(options.name ? { name: options.name } : {}),
    ...(options.description ? { description: options.description } : {}),
    format: { provider: 'parquet', options: {} },
    schemaString: schemaString(options.schema),
    partitionColumns: options.partitionColumns ?? [],
    createdTime: Date.now(),
    configuration: options.configuration ?? {},
  }
  const result = await commit(store, {
    readVersion: -1,
    actions: [{ kind: 'protocol', minReaderVersion: 1, minWriterVersion: 2 }, metadata],
    operation: 'CREATE TABLE',
    operationParameters: { partitionBy: JSON.stringify(metadata.partitionColumns) },
    isBlindAppend: true,
    ...(options.strata ? { strata: options.strata } : {}),
  })
  if (result.status === 'conflict') throw new StrataError('already_exists', `table '${where}' already exists`)
  return result.version
}

/**
 * Streams rows into a table: `write` encodes full files as they fill and stores them at
 * once (memory stays bounded by `fileRows` per partition), `commit` writes what is left
 * and commits every file as one version. Files of a writer that never commits are orphans
 * that vacuum removes.
 */
export class TableWriter {
  readonly #store: BlobStore
  readonly #snapshot: Snapshot
  readonly #options: WriteOptions
  readonly #schema: StructType
  readonly #files: DataFileWriter
  readonly #added: AddAction[] = []

  private constructor(store: BlobStore, snapshot: Snapshot, options: WriteOptions) {
    this.#store = store
    this.#snapshot = snapshot
    this.#options = options
    this.#schema = options.schema ? evolveSchema(snapshot.schema, options.schema, store.describe('')) : snapshot.schema
    this.#files = new DataFileWriter(store, this.#schema, snapshot.metadata.partitionColumns, {
      fileRows: options.fileRows ?? DEFAULT_FILE_ROWS,
      fileName: (n) => `part-${String(n).padStart(5, '0')}-${randomUUID()}-c000.zstd.parquet`,
    })
  }

  /** Opens a writer on the latest version of an existing table whose features Strata can write. */
  static async open(store: BlobStore, options: WriteOptions = {}): Promise<TableWriter> {
    const snapshot = await loadSnapshot(store)
    checkWritable(snapshot.protocol, snapshot.metadata)
    return new TableWriter(store, snapshot, options)
  }

  /** The version this writer read; an overwrite removes that version's files. */
  get snapshot(): Snapshot {
    return this.#snapshot
  }

  /** The schema the commit will have: the table's, or the evolved one given at open. */
  get schema(): StructType {
    return this.#schema
  }

  /** True when every txn given at open was already committed: writing would duplicate it. */
  get alreadyCommitted(): boolean {
    return this.#committed(this.#options.txns ?? [])
  }

  #committed(txns: NonNullable<WriteOptions['txns']>): boolean {
    return txns.length > 0 && txns.every((t) => (this.#snapshot.txns.get(t.appId) ?? -1) >= t.version)
  }

  /** Adds rows; full files are encoded and stored before this returns. */
  async write(rows: readonly Record<string, unknown>[]): Promise<void> {
    await this.#files.write(rows)
  }

  /** Adds files already stored in the table folder (by a `DataFileWriter`, e.g. in a worker), to commit with the rest. */
  addFiles(adds: readonly AddAction[]): void {
    this.#added.push(...adds)
  }

  /**
   * Stores the remaining rows and commits all files as one version. `late` supplies what
   * is known only at the end: provenance with final counts, or the txns of what was
   * written; each replaces the option given at open.
   */
  async commit(late: CommitExtras = {}): Promise<WriteResult> {
    const txns = late.txns ?? this.#options.txns ?? []
    if (this.#committed(txns)) {
      const which = txns.length === 1 ? `application '${txns[0]!.appId}' already committed version ${txns[0]!.version}` : `all ${txns.length} applications already committed their versions`
      return { status: 'skipped', version: this.#snapshot.version, reason: which }
    }
    const adds = [...(await this.#files.finish()), ...this.#added]
    const rows = adds.reduce((n, a) => n + (a.stats ? (JSON.parse(a.stats) as { numRecords: number }).numRecords : 0), 0)
    const bytes = adds.reduce((n, a) => n + a.size, 0)
    const overwrite = this.#options.mode === 'overwrite'
    const now = Date.now()
    const removes: Action[] = overwrite
      ? this.#snapshot.files.map((f) => ({
          kind: 'remove', path: f.path, deletionTimestamp: now, dataChange: true, extendedFileMetadata: true,
          partitionValues: f.partitionValues, size: f.size, ...(f.stats ? { stats: f.stats } : {}),
        }))
      : []
    const schemaChanged = this.#schema !== this.#snapshot.schema
    const actions: Action[] = [
      ...(schemaChanged ? [{ ...this.#snapshot.metadata, schemaString: schemaString(this.#schema) }] : []),
      ...removes,
      ...adds,
      ...txns.map((t): Action => ({ kind: 'txn', appId: t.appId, version: t.version, lastUpdated: now })),
    ]
    const result: CommitResult = await commit(this.#store, {
      readVersion: this.#snapshot.version,
      actions,
      operation: this.#options.operation ?? 'WRITE',
      operationParameters: { mode: overwrite ? 'Overwrite' : 'Append', partitionBy: JSON.stringify(this.#snapshot.metadata.partitionColumns) },
      operationMetrics: {
        numFiles: String(adds.length),
        numOutputRows: String(rows),
        numOutputBytes: String(bytes),
        ...(overwrite ? { numRemovedFiles: String(removes.length) } : {}),
      },
      isBlindAppend: !overwrite && !schemaChanged,
      ...(late.strata ?? this.#options.strata ? { strata: late.strata ?? this.#options.strata } : {}),
    })
    if (result.status === 'conflict') return result
    return { status: 'committed', version: result.version, filesAdded: adds.length, filesRemoved: removes.length, rows, bytes }
  }
}

/** Writes rows to a table as one commit: `TableWriter.open`, `write`, `commit`. */
export async function writeRows(store: BlobStore, rows: readonly Record<string, unknown>[], options: WriteOptions = {}): Promise<WriteResult> {
  const writer = await TableWriter.open(store, options)
  if (!writer.alreadyCommitted) await writer.write(rows)
  return writer.commit()
}
