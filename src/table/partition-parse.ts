import { StrataError } from '../core/errors.ts'
import { formatDays, parseDate, parseTimestamp } from './calendar.ts'
import type { MappedType } from './column-mapping.ts'
import { decimalShape, normalizeDecimal } from './decimal.ts'

const INT_RANGE: Readonly<Record<string, readonly [number, number]>> = {
  byte: [-128, 127],
  short: [-32768, 32767],
  integer: [-2147483648, 2147483647],
}
const encoder = new TextEncoder()

/**
 * The value of a partition column for one file, from its `add.partitionValues` string
 * (PROTOCOL.md, "Partition Value Serialization"), in the scan's representation: `null`
 * for a missing, null or empty value; numbers; `bigint` for long; `YYYY-MM-DD` for date;
 * microseconds since the epoch as `bigint` for timestamps; exact decimal strings;
 * `Uint8Array` for binary (one byte per character). A timestamp without an offset is a
 * wall-clock time in `timeZone`, the writer's session time zone, which the log does not
 * record (PROTOCOL.md: "interpreted using the time zone of the system which wrote to the
 * table"); UTC unless the caller knows better. A value that does not parse as its type is
 * `corrupt_log`; `where` names the file and column.
 */
export function parsePartitionValue(raw: string | null | undefined, type: MappedType, where: string, timeZone = 'UTC'): unknown {
  if (raw === null || raw === undefined || raw === '') return null
  const bad = () => new StrataError('corrupt_log', `${where}: partition value '${raw}' is not a valid ${typeof type === 'string' ? type : type.type}`)
  if (typeof type !== 'string') throw bad()
  switch (type) {
    case 'string':
      return raw
    case 'byte':
    case 'short':
    case 'integer': {
      const n = /^[+-]?\d+$/.test(raw) ? Number(raw) : NaN
      const [min, max] = INT_RANGE[type]!
      if (!(n >= min && n <= max)) throw bad()
      return n
    }
    case 'long': {
      if (!/^[+-]?\d+$/.test(raw)) throw bad()
      const n = BigInt(raw)
      if (BigInt.asIntN(64, n) !== n) throw bad()
      return n
    }
    case 'float':
    case 'double': {
      const n = Number(raw)
      if (Number.isNaN(n) && raw !== 'NaN') throw bad()
      return n
    }
    case 'boolean':
      if (raw === 'true' || raw === 'false') return raw === 'true'
      throw bad()
    case 'date': {
      const days = parseDate(raw)
      if (days === undefined) throw bad()
      return formatDays(days)
    }
    case 'timestamp':
    case 'timestamp_ntz': {
      const micros = parseTimestamp(raw, type === 'timestamp' ? timeZone : 'UTC')
      if (micros === undefined) throw bad()
      return micros
    }
    case 'binary':
      return /^[\x00-\xff]*$/.test(raw) ? Uint8Array.from(raw, (c) => c.charCodeAt(0)) : encoder.encode(raw)
    default: {
      const shape = decimalShape(type)
      const value = shape && normalizeDecimal(raw, shape.scale)
      if (value === undefined) throw bad()
      return value
    }
  }
}
