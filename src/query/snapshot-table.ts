import path from 'node:path'
import { blobValue, dateValue, decimalValue, listValue, mapValue, structValue, timestampTZValue, timestampValue, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api'
import { StrataError } from '../core/errors.ts'
import type { AddAction } from '../table/actions.ts'
import { parseDate } from '../table/calendar.ts'
import { columnMappingMode } from '../table/column-mapping.ts'
import { decimalShape } from '../table/decimal.ts'
import { fileKey } from '../table/log-segment.ts'
import { parsePartitionValue } from '../table/partition-parse.ts'
import { scan } from '../table/scan.ts'
import type { DataType, PrimitiveType, StructField } from '../table/schema.ts'
import type { Snapshot } from '../table/snapshot.ts'
import { duckdbType } from './duckdb-type.ts'
import { quote, sqlName, type SqlName } from './table-refs.ts'

/**
 * Makes the rows of `snapshot` queryable in DuckDB as `name`, with the table's schema.
 * When DuckDB can read the data files as they are (local files, no deletion vectors, no
 * column mapping), `name` is a view over `read_parquet` of exactly the snapshot's files,
 * with partition columns added as typed literals. Otherwise the rows are read through
 * `scan` into a table `name`. The connection's time zone must be UTC.
 */
export async function loadSnapshotTable(connection: DuckDBConnection, name: SqlName, snapshot: Snapshot): Promise<void> {
  const target = sqlName(name)
  if (name.schema !== undefined) await connection.run(`CREATE SCHEMA IF NOT EXISTS ${quote(name.schema)}`)
  const files = localFiles(snapshot)
  if (files) {
    try {
      await connection.run(`CREATE VIEW ${target} AS ${parquetQuery(snapshot, files)}`)
    } catch (e) {
      const why = (e as Error).message.split('\n')[0]
      throw new StrataError('corrupt_file', `table '${snapshot.store.describe('')}' version ${snapshot.version}: DuckDB cannot read its data files: ${why}`, { cause: e })
    }
    return
  }
  const fields = snapshot.schema.fields
  await connection.run(`CREATE TABLE ${target} (${fields.map((f) => `${quote(f.name)} ${duckdbType(f.type, f.name)}`).join(', ')})`)
  const appender = await connection.createAppender(name.table, name.schema)
  for await (const batch of scan(snapshot)) {
    for (const row of batch) {
      fields.forEach((f, i) => appender.appendValue(duckdbValue(row[f.name], f.type), appender.columnType(i)))
      appender.endRow()
    }
  }
  appender.closeSync()
}

// The absolute path of every data file, or undefined when DuckDB cannot read them as they
// are. read_parquet takes *, ? and [ as glob patterns, so a path holding one goes through scan.
function localFiles(snapshot: Snapshot): Map<AddAction, string> | undefined {
  if (columnMappingMode(snapshot.protocol, snapshot.metadata) !== 'none') return undefined
  if (snapshot.files.some((f) => f.deletionVector)) return undefined
  const root = snapshot.store.describe('')
  const files = new Map(snapshot.files.map((f) => [f, snapshot.store.describe(fileKey(f.path, root))]))
  return [...files.values()].every((p) => path.isAbsolute(p) && !/[*?[]/.test(p)) ? files : undefined
}

// One SELECT per partition, united by name under an empty typed SELECT that fixes every
// column's type and supplies columns no file holds (added later by schema evolution).
function parquetQuery(snapshot: Snapshot, files: Map<AddAction, string>): string {
  const fields = snapshot.schema.fields
  const partitions = snapshot.metadata.partitionColumns.map((c) => fields.find((f) => f.name === c)!)
  const groups = new Map<string, { values: Readonly<Record<string, string | null>>; paths: string[] }>()
  for (const [file, p] of files) {
    const key = JSON.stringify(partitions.map((f) => file.partitionValues[f.name] ?? null))
    let group = groups.get(key)
    if (!group) groups.set(key, (group = { values: file.partitionValues, paths: [] }))
    group.paths.push(p)
  }
  const typed = `SELECT ${fields.map((f) => `CAST(NULL AS ${duckdbType(f.type, f.name)}) AS ${quote(f.name)}`).join(', ')} WHERE false`
  const selects = [...groups.values()].map(({ values, paths }) => {
    const source = `read_parquet([${paths.map(literal).join(', ')}], hive_partitioning = false, union_by_name = true)`
    if (partitions.length === 0) return `SELECT * FROM ${source}`
    // Some writers also store partition columns in the files: the log's value wins.
    const data = `COLUMNS(c -> c NOT IN (${partitions.map((f) => literal(f.name)).join(', ')}))`
    const literals = partitions.map((f) => `${partitionLiteral(f, values[f.name], snapshot.store.describe(''))} AS ${quote(f.name)}`)
    return `SELECT ${data}, ${literals.join(', ')} FROM ${source}`
  })
  const columns = fields.map((f) => `CAST(${quote(f.name)} AS ${duckdbType(f.type, f.name)}) AS ${quote(f.name)}`)
  return `SELECT ${columns.join(', ')} FROM (${[typed, ...selects].join(' UNION ALL BY NAME ')})`
}

function partitionLiteral(field: StructField, raw: string | null | undefined, where: string): string {
  const type = duckdbType(field.type, field.name)
  const v = parsePartitionValue(raw, field.type as PrimitiveType, `${where}: partition column '${field.name}'`)
  if (v === null) return `CAST(NULL AS ${type})`
  if (v instanceof Uint8Array) return `from_hex('${Buffer.from(v).toString('hex')}')`
  if (typeof v === 'bigint' && (field.type === 'timestamp' || field.type === 'timestamp_ntz')) {
    return `CAST(make_timestamp(${v}) AS ${type})`
  }
  return `CAST(${literal(String(v))} AS ${type})`
}

function literal(s: string): string {
  return `'${s.replaceAll("'", "''")}'`
}

// Scan rows hold longs as bigint, dates as YYYY-MM-DD, timestamps as bigint microseconds,
// decimals as exact strings and binary as Uint8Array; DuckDB wants its own value objects.
function duckdbValue(v: unknown, type: DataType): DuckDBValue {
  if (v === null || v === undefined) return null
  if (typeof type !== 'string') {
    switch (type.type) {
      case 'struct': {
        const row = v as Record<string, unknown>
        return structValue(Object.fromEntries(type.fields.map((f) => [f.name, duckdbValue(row[f.name], f.type)])))
      }
      case 'array':
        return listValue((v as unknown[]).map((x) => duckdbValue(x, type.elementType)))
      case 'map':
        return mapValue([...(v as Map<unknown, unknown>)].map(([key, value]) => ({ key: duckdbValue(key, type.keyType), value: duckdbValue(value, type.valueType) })))
    }
  }
  switch (type) {
    case 'binary':
      return blobValue(v as Uint8Array)
    case 'date':
      return dateValue(parseDate(v as string)!)
    case 'timestamp':
      return timestampTZValue(v as bigint)
    case 'timestamp_ntz':
      return timestampValue(v as bigint)
  }
  const decimal = decimalShape(type)
  if (decimal) return decimalValue(BigInt((v as string).replace('.', '')), decimal.precision, decimal.scale)
  return v as DuckDBValue
}
