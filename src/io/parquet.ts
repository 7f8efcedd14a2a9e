import { gunzipSync, zstdDecompressSync } from 'node:zlib'
import {
  parquetMetadataAsync,
  parquetScan,
  type AsyncBuffer,
  type Compressors,
  type DecodedArray,
  type FileMetaData,
  type ParquetParsers,
} from 'hyparquet'
import { compressors as portableCompressors } from 'hyparquet-compressors'
import { StrataError, isStrataError } from '../core/errors.ts'
import type { BlobStore } from './blob-store.ts'

/**
 * Decompressors for every Parquet codec: Node's native zlib for ZSTD and GZIP, the codecs
 * most files use after SNAPPY, and hyparquet-compressors (SNAPPY via WASM, BROTLI, LZ4) for
 * the rest.
 */
export const compressors: Compressors = {
  ...portableCompressors,
  ZSTD: (input) => zstdDecompressSync(input),
  GZIP: (input) => gunzipSync(input),
}

// Errors thrown by the store while hyparquet reads: they are I/O failures, not corruption.
const storeErrors = new WeakSet<object>()

/**
 * A hyparquet AsyncBuffer over one object of `store`: its size from `stat`, its bytes from
 * ranged reads, so only the footer and the needed column chunks are fetched. Throws
 * `not_found` naming the file when it does not exist.
 */
export async function parquetSource(store: BlobStore, key: string): Promise<AsyncBuffer> {
  const info = await store.stat(key)
  if (!info) throw new StrataError('not_found', `file '${store.describe(key)}' does not exist`)
  const size = info.size
  return {
    byteLength: size,
    async slice(start: number, end = size): Promise<ArrayBuffer> {
      let bytes: Uint8Array
      try {
        bytes = await store.read(key, { offset: start, length: Math.max(0, end - start) })
      } catch (e) {
        if (typeof e === 'object' && e !== null) storeErrors.add(e)
        throw e
      }
      const { buffer, byteOffset, byteLength } = bytes
      // hyparquet wants the bytes as a whole ArrayBuffer: copy only a view into a larger one.
      return buffer instanceof ArrayBuffer && byteOffset === 0 && byteLength === buffer.byteLength ? buffer : new Uint8Array(bytes).buffer
    },
  }
}

/**
 * The error to throw for a failure while decoding the Parquet file `where` (a full path):
 * Strata's own errors and the store's I/O errors pass through; anything hyparquet says
 * becomes `corrupt_file` naming the file.
 */
export function parquetError(e: unknown, where: string): unknown {
  if (isStrataError(e) || (typeof e === 'object' && e !== null && storeErrors.has(e))) return e
  const said = e instanceof Error ? e.message : String(e)
  return new StrataError('corrupt_file', `${where}: not a valid Parquet file (${said})`, { cause: e })
}

/** The footer of the Parquet file behind `source`; `where` (the full path) names it in errors. */
export async function readParquetMetadata(source: AsyncBuffer, where: string): Promise<FileMetaData> {
  try {
    return await parquetMetadataAsync(source)
  } catch (e) {
    throw parquetError(e, where)
  }
}

/** The decoded top-level columns of one row group, in the order they were asked for. */
export interface RowGroupColumns {
  /** Index in the file of the group's first row. */
  readonly rowStart: number
  readonly rowCount: number
  readonly columns: readonly DecodedArray[]
}

/** How to read a file's row groups: which top-level columns, and how to decode them. */
export interface RowGroupReadOptions {
  readonly metadata: FileMetaData
  /** Top-level Parquet column names; may be empty when only the row count is needed. */
  readonly columns: readonly string[]
  readonly parsers?: Partial<ParquetParsers>
  /** Decode unannotated BYTE_ARRAY columns as UTF-8 strings (hyparquet's default) or leave bytes. */
  readonly utf8?: boolean
  /** Only the rows in [start, end) of the file (a task's share); all rows when absent. */
  readonly rows?: RowRange
}

/** A range of a file's rows, [start, end), by physical row index. */
export interface RowRange {
  readonly start: number
  readonly end: number
}

/**
 * Streams a Parquet file one row group at a time, column by column, so memory holds one
 * decoded row group. Nested columns arrive assembled (structs as objects, lists as arrays).
 * Decoding failures become `corrupt_file` naming `where`.
 */
export async function* readRowGroups(source: AsyncBuffer, where: string, opts: RowGroupReadOptions): AsyncGenerator<RowGroupColumns> {
  const { metadata, columns } = opts
  const first = opts.rows?.start ?? 0
  const end = opts.rows?.end ?? Infinity
  if (columns.length === 0) {
    let rowStart = 0
    for (const group of metadata.row_groups) {
      const groupEnd = rowStart + Number(group.num_rows)
      const start = Math.max(rowStart, first)
      const stop = Math.min(groupEnd, end)
      if (stop > start) yield { rowStart: start, rowCount: stop - start, columns: [] }
      rowStart = groupEnd
    }
    return
  }
  let scan
  try {
    scan = await parquetScan({
      file: source,
      metadata,
      columns: [...columns],
      compressors,
      useOffsetIndex: false,
      rowStart: first,
      rowEnd: end,
      utf8: opts.utf8 ?? true,
      ...(opts.parsers ? { parsers: opts.parsers } : {}),
    })
  } catch (e) {
    throw parquetError(e, where)
  }
  for (const { rowStart, rowEnd } of scan.ranges) {
    let data: DecodedArray[]
    try {
      data = await Promise.all(columns.map((column) => scan.readColumn({ column, rowStart, rowEnd })))
    } catch (e) {
      throw parquetError(e, where)
    }
    yield { rowStart, rowCount: rowEnd - rowStart, columns: data }
  }
}
