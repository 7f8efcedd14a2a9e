import { StrataError } from '../core/errors.ts'
import { STRATA_VERSION } from '../core/version.ts'
import { columnType, typeName, type ColumnType } from './column-types.ts'
import { writeFlatParquet, type FlatColumn, type ListColumn } from './parquet-pages.ts'
import type { ArrayType, StructField } from './schema.ts'

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
 * column and row named (and a list's element). List columns get a null count only, as
 * Spark and delta-rs write. `where` names the table for messages.
 */
export function encodeDataFile(fields: readonly StructField[], rows: readonly Record<string, unknown>[], where: string, compression: 'zstd' | 'none' = 'zstd'): EncodedFile {
  const columns: (FlatColumn | ListColumn)[] = []
  const stats: FileStats = { numRecords: rows.length, minValues: {}, maxValues: {}, nullCount: {} }
  for (const field of fields) {
    const type = columnType(field.type, field.name)
    const element = type.element(field.name, field.nullable)
    const values = convertColumn(field, type, rows, stats, where)
    columns.push(type.items ? { element, items: type.items, values: values as ListColumn['values'] } : { element, values })
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
    if (v === undefined) throw refusal(field, type, i, raw, where)
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

/** Why row `i`'s value `raw` cannot be written: the value, or for a list its first bad element. */
function refusal(field: StructField, type: ColumnType, i: number, raw: unknown, where: string): StrataError {
  const at = type.badElement?.(raw) ?? -1
  const what = at < 0
    ? `row ${i}: ${describe(raw)} is not a valid ${typeName(field.type)}`
    : `row ${i} element ${at}: ${describe((raw as ArrayLike<unknown>)[at])} is not a valid ${typeName((field.type as ArrayType).elementType)}`
  return new StrataError('schema_mismatch', `${where}: column '${field.name}' ${what}`)
}

function describe(v: unknown): string {
  if (typeof v === 'string') return `string '${v.length > 40 ? `${v.slice(0, 40)}…` : v}'`
  if (typeof v === 'object') return v === null ? 'null' : v.constructor?.name ?? 'object'
  return `${typeof v} ${String(v)}`
}
