import { StrataError } from '../core/errors.ts'
import type { BlobStore } from '../io/blob-store.ts'
import type { AddAction } from './actions.ts'
import { encodeDataFile } from './data-file.ts'
import { keyToUri, partitionFolder, serializePartitionValue } from './partition-values.ts'
import type { StructField, StructType } from './schema.ts'

export interface DataFileWriterOptions {
  /** Rows per data file (per partition) before a new file is started. */
  readonly fileRows: number
  /** The file name of the writer's `n`-th file (0-based): unique per table, deterministic when the caller wants reruns to write the same files. */
  readonly fileName: (n: number) => string
  /** zstd when absent; `none` for files read back once and soon. */
  readonly compression?: 'zstd' | 'none'
}

/**
 * Writes rows as data files of a table without committing them: rows are grouped by
 * partition, a file is encoded and stored as soon as it holds `fileRows` rows, and
 * `finish` stores the rest and returns the add actions for a commit. Memory holds at most
 * `fileRows` rows per partition.
 */
export class DataFileWriter {
  readonly #store: BlobStore
  readonly #options: DataFileWriterOptions
  readonly #partitionColumns: readonly string[]
  readonly #dataFields: readonly StructField[]
  readonly #partitionFields: readonly StructField[]
  readonly #known: ReadonlySet<string>
  readonly #pending = new Map<string, { values: Record<string, string | null>; rows: Record<string, unknown>[] }>()
  readonly #adds: AddAction[] = []
  rows = 0
  bytes = 0

  constructor(store: BlobStore, schema: StructType, partitionColumns: readonly string[], options: DataFileWriterOptions) {
    this.#store = store
    this.#options = options
    this.#partitionColumns = partitionColumns
    const partitions = new Set(partitionColumns)
    this.#dataFields = schema.fields.filter((f) => !partitions.has(f.name))
    this.#partitionFields = partitionColumns.map((p) => schema.fields.find((f) => f.name === p)!)
    this.#known = new Set(schema.fields.map((f) => f.name))
  }

  /** Adds rows; full files are encoded and stored before this returns. Refuses a column the schema lacks. */
  async write(rows: readonly Record<string, unknown>[]): Promise<void> {
    const where = this.#store.describe('')
    for (const row of rows) {
      for (const column in row) {
        if (!this.#known.has(column)) {
          throw new StrataError('schema_mismatch', `${where}: column '${column}' is not in the table schema; pass a new schema to add it`)
        }
      }
      const values: Record<string, string | null> = {}
      for (const f of this.#partitionFields) values[f.name] = serializePartitionValue(f, row[f.name], where)
      const folder = partitionFolder(this.#partitionColumns, values)
      let group = this.#pending.get(folder)
      if (!group) this.#pending.set(folder, (group = { values, rows: [] }))
      group.rows.push(row)
      if (group.rows.length >= this.#options.fileRows) await this.#flush(folder)
    }
  }

  /** Stores the rows still pending and returns the add actions of every file written, in order. */
  async finish(): Promise<AddAction[]> {
    for (const folder of [...this.#pending.keys()]) await this.#flush(folder)
    return this.#adds
  }

  async #flush(folder: string): Promise<void> {
    const group = this.#pending.get(folder)
    this.#pending.delete(folder)
    if (!group || group.rows.length === 0) return
    const { bytes, stats } = encodeDataFile(this.#dataFields, group.rows, this.#store.describe(''), this.#options.compression)
    const name = this.#options.fileName(this.#adds.length)
    const key = folder === '' ? name : `${folder}/${name}`
    await this.#store.put(key, bytes)
    this.#adds.push({
      kind: 'add',
      path: keyToUri(key),
      partitionValues: group.values,
      size: bytes.length,
      modificationTime: Date.now(),
      dataChange: true,
      stats: JSON.stringify(stats),
    })
    this.rows += group.rows.length
    this.bytes += bytes.length
  }
}
