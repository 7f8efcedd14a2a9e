import { StrataError } from '../core/errors.ts'
import { formatDays } from './calendar.ts'
import { columnType } from './column-types.ts'
import type { StructField } from './schema.ts'
import { formatTimestamp } from './timestamp-format.ts'

/** The folder a partition value goes to when it is null, as Hive and Spark name it. */
export const NULL_PARTITION = '__HIVE_DEFAULT_PARTITION__'

/**
 * A row's partition value in the protocol's string form (`add.partitionValues`): numbers
 * and booleans as text, dates `YYYY-MM-DD`, timestamps `YYYY-MM-DD HH:MM:SS.ffffff`.
 */
export function serializePartitionValue(field: StructField, v: unknown, where: string): string | null {
  if (v === null || v === undefined) return null
  if (typeof field.type !== 'string') throw new StrataError('unsupported_feature', `${where}: partition column '${field.name}' is a ${field.type.type}; partition by a column of a primitive type`)
  const written = columnType(field.type, field.name).convert(v)
  if (written === undefined) {
    throw new StrataError('schema_mismatch', `${where}: partition column '${field.name}' has a value that is not a valid ${String(field.type)}`)
  }
  switch (field.type) {
    case 'date':
      return formatDays(written as number)
    case 'timestamp':
    case 'timestamp_ntz':
      return formatTimestamp(written as bigint, false).replace('T', ' ')
    default:
      return String(written)
  }
}

/**
 * The relative folder of a partition, `a=1/b=x%2Fy`, with Hive's escaping of characters
 * that are unsafe in a path segment.
 */
export function partitionFolder(columns: readonly string[], values: Readonly<Record<string, string | null>>): string {
  return columns.map((c) => `${escape(c)}=${values[c] === null ? NULL_PARTITION : escape(values[c]!)}`).join('/')
}

/**
 * A store key written as the protocol's `add.path`: a relative URI, percent-encoded.
 * Partition folders are Hive-escaped first, so no `#`, `?` or `:` is left to encode.
 */
export function keyToUri(key: string): string {
  return encodeURI(key)
}

function escape(s: string): string {
  return s.replace(/[\x00-\x1f"#%'*/:=?\\\x7f{}[\]^]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)
}
