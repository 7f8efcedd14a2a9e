import { parquetSchema, type DecodedArray, type SchemaTree } from 'hyparquet'
import { StrataError } from '../core/errors.ts'
import type { BlobStore } from '../io/blob-store.ts'
import { parquetError, parquetSource, readParquetMetadata, readRowGroups, type RowRange } from '../io/parquet.ts'
import type { ColumnMappingMode, MappedField } from './column-mapping.ts'
import { decoderFor, findChild, plainMetadata, valueParsers, type Decoder } from './parquet-values.ts'

/** One column of the rows a data file yields: read from the file, or the same value in every row. */
export type OutputColumn =
  | { readonly name: string; readonly field: MappedField }
  | { readonly name: string; readonly constant: unknown }

export interface DataFileOptions {
  readonly mode: ColumnMappingMode
  /** Indexes of the rows to skip, ascending: the file's deletion vector. */
  readonly deleted?: Float64Array | undefined
  /** Most rows per yielded batch. */
  readonly batchSize: number
  /** Only these rows of the file; all when absent. */
  readonly rows?: RowRange | undefined
}

/**
 * Streams the rows of one Parquet data file as batches of objects keyed by the output
 * columns' names, in their order, one row group decoded at a time. Columns are found by
 * `opts.mode` (see `findChild`); a column the file lacks reads as null, and values take the
 * scan's representation (see `scan`). Rows listed in `opts.deleted` are skipped. A file
 * that is not valid Parquet is `corrupt_file` naming it; one whose types cannot hold the
 * table's is `schema_mismatch`.
 */
export async function* readDataFile(
  store: BlobStore,
  key: string,
  columns: readonly OutputColumn[],
  opts: DataFileOptions,
): AsyncGenerator<Record<string, unknown>[]> {
  const where = store.describe(key)
  const source = await parquetSource(store, key)
  const metadata = plainMetadata(await readParquetMetadata(source, where))
  let root: SchemaTree
  try {
    root = parquetSchema(metadata)
  } catch (e) {
    throw parquetError(e, where)
  }
  if (opts.mode === 'id' && columns.some((c) => 'field' in c) && !root.children.some((c) => c.element.field_id !== undefined)) {
    throw new StrataError('schema_mismatch', `${where}: the table maps columns by id, but the file has no Parquet field ids`)
  }

  const names = columns.map((c) => c.name)
  const constants = columns.map((c) => ('constant' in c ? c.constant : null))
  const decoders: (Decoder | undefined)[] = columns.map(() => undefined)
  // Position of each output column among the Parquet columns read, or -1 for a constant.
  const slots = columns.map(() => -1)
  const read: string[] = []
  columns.forEach((c, i) => {
    if (!('field' in c)) return
    const node = findChild(root.children, c.field, opts.mode)
    if (!node) return
    decoders[i] = decoderFor(c.field.type, node, opts.mode, where, c.field.name)
    slots[i] = read.length
    read.push(node.element.name)
  })

  const deleted = opts.deleted
  let next = 0
  let batch: Record<string, unknown>[] = []
  const data: (DecodedArray | undefined)[] = columns.map(() => undefined)
  for await (const group of readRowGroups(source, where, { metadata, columns: read, parsers: valueParsers, utf8: false, ...(opts.rows ? { rows: opts.rows } : {}) })) {
    for (let c = 0; c < columns.length; c++) data[c] = slots[c]! < 0 ? undefined : group.columns[slots[c]!]
    const start = group.rowStart
    while (deleted && next < deleted.length && deleted[next]! < start) next++
    for (let i = 0; i < group.rowCount; i++) {
      if (deleted && deleted[next] === start + i) {
        next++
        continue
      }
      const row: Record<string, unknown> = {}
      for (let c = 0; c < names.length; c++) {
        const column = data[c]
        if (column === undefined) {
          row[names[c]!] = constants[c]
          continue
        }
        const v = column[i]
        const decode = decoders[c]
        row[names[c]!] = v === null || v === undefined ? null : decode ? decode(v) : v
      }
      batch.push(row)
      if (batch.length >= opts.batchSize) {
        yield batch
        batch = []
      }
    }
  }
  if (batch.length > 0) yield batch
}
