import { StrataError } from '../core/errors.ts'
import type { AddAction } from './actions.ts'
import { checkTimeZone } from './calendar.ts'
import { columnMappingMode, mapSchema, type MappedField } from './column-mapping.ts'
import { readDeletionVector } from './deletion-vector.ts'
import { readDataFile, type OutputColumn } from './file-reader.ts'
import type { RowRange } from '../io/parquet.ts'
import { fileKey } from './log-segment.ts'
import { parsePartitionValue } from './partition-parse.ts'
import type { Snapshot } from './snapshot.ts'

/** Rows per batch when the caller does not say. */
export const DEFAULT_BATCH_SIZE = 8192

export interface ScanOptions {
  /** Top-level columns to return, by logical name, in this order; all columns in schema order when absent. */
  readonly columns?: readonly string[]
  /** The files to read, a subset of `snapshot.files` (after data skipping, or one task's share); all when absent. */
  readonly files?: readonly AddAction[]
  /** Only these rows of each file read (a task's share of one file, see `files`); all rows when absent. */
  readonly rows?: RowRange
  /** Most rows per batch; a batch never spans two files. */
  readonly batchSize?: number
  /**
   * The IANA time zone in which the table's writer serialised `timestamp` partition values
   * that carry no offset (Spark uses its session time zone); UTC when absent.
   */
  readonly partitionTimeZone?: string
}

/** What a scan reads of a snapshot: a worker that was sent only these can scan without replaying the log. */
export type ScanSource = Pick<Snapshot, 'store' | 'protocol' | 'metadata' | 'schema' | 'files'>

/**
 * Streams the rows of a snapshot as batches of objects keyed by the schema's logical column
 * names. Files are read one at a time, one Parquet row group decoded at a time; rows a
 * deletion vector removes are skipped; partition columns come from `add.partitionValues`;
 * a column missing from an older file reads as null. Column mapping (`name`, `id`) is
 * applied, nested fields included.
 *
 * Every value has one representation per Delta type, `null` (never `undefined`) for null:
 *
 * | Delta type                 | JS value                                                           |
 * |----------------------------|--------------------------------------------------------------------|
 * | string                     | `string`                                                           |
 * | byte, short, integer       | `number`                                                           |
 * | long                       | `bigint`                                                           |
 * | float, double              | `number` (float widened exactly from 32 bits; NaN and ±Infinity kept) |
 * | boolean                    | `boolean`                                                          |
 * | binary                     | `Uint8Array`                                                       |
 * | decimal(p,s)               | `string`, plain notation with exactly s fraction digits: `'-12.50'` |
 * | date                       | `string` `'YYYY-MM-DD'` (proleptic Gregorian)                      |
 * | timestamp                  | `bigint` microseconds since 1970-01-01T00:00:00Z                   |
 * | timestamp_ntz              | `bigint` microseconds since 1970-01-01T00:00:00, wall clock, no zone |
 * | struct                     | plain object keyed by logical field names, in schema order        |
 * | array                      | `Array`                                                            |
 * | map                        | `Map`, keys in their own representation                            |
 *
 * Decimals and timestamps avoid `number` and `Date`, which would drop digits and
 * microseconds; every form is accepted back by the writer. Throws `invalid_argument` for
 * an unknown column, `corrupt_file` naming a data or deletion vector file that cannot be
 * decoded, `not_found` naming a missing one.
 */
export async function* scan(snapshot: ScanSource, opts: ScanOptions = {}): AsyncGenerator<Record<string, unknown>[]> {
  const { store } = snapshot
  const root = store.describe('')
  const mode = columnMappingMode(snapshot.protocol, snapshot.metadata)
  const selected = selectColumns(mapSchema(snapshot.schema, mode), opts.columns, root)
  const partitions = new Set(snapshot.metadata.partitionColumns)
  const resolve = (path: string) => fileKey(path, root)
  const batchSize = opts.batchSize ?? DEFAULT_BATCH_SIZE
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new StrataError('invalid_argument', `batch size ${batchSize} must be a positive integer`)
  }
  const timeZone = opts.partitionTimeZone ?? 'UTC'
  try {
    checkTimeZone(timeZone)
  } catch (e) {
    throw new StrataError('invalid_argument', `partition time zone '${timeZone}' is not an IANA time zone name`, { cause: e })
  }
  for (const add of opts.files ?? snapshot.files) {
    const key = resolve(add.path)
    const where = store.describe(key)
    const columns = selected.map((field): OutputColumn => {
      if (!partitions.has(field.name)) return { name: field.name, field }
      const raw = add.partitionValues[field.physicalName]
      return { name: field.name, constant: parsePartitionValue(raw, field.type, `${where}: partition column '${field.name}'`, timeZone) }
    })
    const deleted = add.deletionVector && (await readDeletionVector(store, add.deletionVector, resolve, where))
    yield* readDataFile(store, key, columns, { mode, deleted, batchSize, rows: opts.rows })
  }
}

function selectColumns(fields: readonly MappedField[], names: readonly string[] | undefined, table: string): readonly MappedField[] {
  if (names === undefined) return fields
  const byName = new Map(fields.map((f) => [f.name, f]))
  return names.map((name) => {
    const field = byName.get(name)
    if (!field) {
      throw new StrataError('invalid_argument', `table ${table} has no column '${name}'; its columns are ${fields.map((f) => f.name).join(', ')}`)
    }
    return field
  })
}
