import { StrataError } from '../core/errors.ts'
import { STRATA_VERSION } from '../core/version.ts'
import { columnType, type ColumnType } from './column-types.ts'
import { writeFlatParquet, type FlatColumn } from './parquet-pages.ts'
import type { StructField } from './schema.ts'

/** Delta per-file statistics, as written into `add.stats`. */
export interface FileStats {
  readonly numRecords: number
  readonly minValues: Record<string, unknown>
  readonly maxValues: Record<string, unknown>
  readonly nullCount: Record<string, number>
}

export interface EncodedFile {
  readonly bytes: Uint8Array
  readonly stats: FileStats
}

// Longer string bounds are cut: a prefix is still a lower bound, but not an upper one.
const STRING_STAT_CHARS = 32
const ROWS_PER_GROUP = 16_384

/**
 * Encodes rows as one Parquet file holding `fields` (the non-partition columns, in schema
 * order), zstd-compressed unless `compression` says `none`, and computes the file's Delta statistics in the same pass.
 * A value of the wrong type, or a null in a non-nullable column, is refused with the
 * column and row named. `where` names the table for messages.
 */
export function encodeDataFile(fields: readonly StructField[], rows: readonly Record<string, unknown>[], where: string, compression: 'zstd' | 'none' = 'zstd'): EncodedFile {
  const columns: FlatColumn[] = []
  const stats: FileStats = { numRecords: rows.length, minValues: {}, maxValues: {}, nullCount: {} }
  for (const field of fields) {
    const type = columnType(field.type, field.name)
    columns.push({ element: type.element(field.name, field.nullable), values: convertColumn(field, type, rows, stats, where) })
  }
  const bytes = writeFlatParquet(columns, rows.length, { rowGroupSize: ROWS_PER_GROUP, createdBy: `strata version ${STRATA_VERSION}`, compression })
  return { bytes, stats }
}

function convertColumn(field: StructField, type: ColumnType, rows: readonly Record<string, unknown>[], stats: FileStats, where: string): unknown[] {
  const { name } = field
  const out = new Array<unknown>(rows.length)
  const less = type.less as ((a: unknown, b: unknown) => boolean) | undefined
  let nulls = 0
  let min: unknown
  let max: unknown
  for (let i = 0; i < rows.length; i++) {
    const raw = rows[i]![name]
    if (raw === null || raw === undefined) {
      if (!field.nullable) throw new StrataError('schema_mismatch', `${where}: column '${name}' is not nullable, but row ${i} has no value`)
      nulls++
      out[i] = null
      continue
    }
    const v = type.convert(raw)
    if (v === undefined) {
      throw new StrataError('schema_mismatch', `${where}: column '${name}' row ${i}: ${describe(raw)} is not a valid ${typeName(field)}`)
    }
    out[i] = v
    if (less) {
      if (min === undefined || less(v, min)) min = v
      if (max === undefined || less(max, v)) max = v
    }
  }
  stats.nullCount[name] = nulls
  if (type.statValue && min !== undefined) {
    if (typeof min === 'string') {
      stats.minValues[name] = min.slice(0, STRING_STAT_CHARS)
      if ((max as string).length <= STRING_STAT_CHARS) stats.maxValues[name] = max
    } else {
      const lo = type.statValue(min)
      const hi = type.statValue(max)
      if (lo !== undefined) stats.minValues[name] = lo
      if (hi !== undefined) stats.maxValues[name] = hi
    }
  }
  return out
}

function typeName(field: StructField): string {
  return typeof field.type === 'string' ? field.type : field.type.type
}

function describe(v: unknown): string {
  if (typeof v === 'string') return `string '${v.length > 40 ? `${v.slice(0, 40)}…` : v}'`
  if (typeof v === 'object') return v === null ? 'null' : v.constructor?.name ?? 'object'
  return `${typeof v} ${String(v)}`
}
