import {
  DuckDBInstance,
  DuckDBTypeId,
  JsonDuckDBValueConverter,
  type DuckDBBlobValue,
  type DuckDBMapType,
  type DuckDBMapValue,
  type DuckDBTimestampTZValue,
  type DuckDBTimestampValue,
  type DuckDBValueConverter,
  type Json,
} from '@duckdb/node-api'
import { StrataError } from '../core/errors.ts'
import type { Snapshot } from '../table/snapshot.ts'
import { formatTimestamp } from '../table/timestamp-format.ts'
import { loadSnapshotTable } from './snapshot-table.ts'
import { findTableRefs, type TableRef } from './table-refs.ts'

/** A query's result: column names (deduplicated as DuckDB does) and rows of JSON-ready values. */
export interface QueryResult {
  readonly columns: readonly { readonly name: string; readonly numeric: boolean }[]
  readonly rows: readonly (readonly Json[])[]
}

const NUMERIC = new Set<DuckDBTypeId>([
  DuckDBTypeId.TINYINT, DuckDBTypeId.SMALLINT, DuckDBTypeId.INTEGER, DuckDBTypeId.BIGINT, DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UTINYINT, DuckDBTypeId.USMALLINT, DuckDBTypeId.UINTEGER, DuckDBTypeId.UBIGINT, DuckDBTypeId.UHUGEINT,
  DuckDBTypeId.FLOAT, DuckDBTypeId.DOUBLE, DuckDBTypeId.DECIMAL,
])

const BIG = new Set<DuckDBTypeId>([DuckDBTypeId.BIGINT, DuckDBTypeId.HUGEINT, DuckDBTypeId.UBIGINT, DuckDBTypeId.UHUGEINT])

// DuckDB's JSON forms, except where `strata head` prints a value otherwise, so both agree:
// integers that fit a double exactly are numbers, timestamps ISO 8601 with microseconds,
// blobs base64, maps objects keyed by the keys' text.
const toJson: DuckDBValueConverter<Json> = (value, type, self) => {
  if (value === null) return null
  if (BIG.has(type.typeId)) {
    const n = value as bigint
    return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : String(n)
  }
  switch (type.typeId) {
    case DuckDBTypeId.TIMESTAMP_TZ:
      return formatTimestamp((value as DuckDBTimestampTZValue).micros, true)
    case DuckDBTypeId.TIMESTAMP:
      return formatTimestamp((value as DuckDBTimestampValue).micros, false)
    case DuckDBTypeId.BLOB:
      return Buffer.from((value as DuckDBBlobValue).bytes).toString('base64')
    case DuckDBTypeId.MAP: {
      const { keyType, valueType } = type as DuckDBMapType
      return Object.fromEntries((value as DuckDBMapValue).entries.map((e) => [String(self(e.key, keyType, self)), self(e.value, valueType, self)]))
    }
    default:
      return JsonDuckDBValueConverter(value, type, self)
  }
}

/**
 * Runs `sql` in a fresh in-memory DuckDB. Tables it names (see `findTableRefs`) are
 * resolved with `open`, which returns the snapshot a ref reads, and defined under the
 * name the query uses. A query DuckDB rejects is `invalid_argument` with DuckDB's message.
 */
export async function runQuery(sql: string, open: (ref: TableRef) => Promise<Snapshot>): Promise<QueryResult> {
  const instance = await DuckDBInstance.create(':memory:')
  const connection = await instance.connect()
  try {
    // Delta timestamps are instants; UTC makes partition literals and output agree with the log.
    await connection.run(`SET TimeZone = 'UTC'`)
    for (const ref of findTableRefs(sql)) await loadSnapshotTable(connection, ref.name, await open(ref))
    let reader
    try {
      reader = await connection.runAndReadAll(sql)
    } catch (e) {
      const message = (e as Error).message
      const naming = /^Catalog Error: Table with name /.test(message)
        ? '\nname a dataset as zone.name (silver."web-en") or any ref as a quoted identifier ("silver/web-en@12", "./events")'
        : ''
      throw new StrataError('invalid_argument', `query failed: ${message}${naming}`, { cause: e })
    }
    const types = reader.columnTypes()
    return {
      columns: reader.deduplicatedColumnNames().map((name, i) => ({ name, numeric: NUMERIC.has(types[i]!.typeId) })),
      rows: reader.convertRows(toJson),
    }
  } finally {
    connection.closeSync()
    instance.closeSync()
  }
}
