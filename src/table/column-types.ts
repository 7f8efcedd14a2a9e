import type { SchemaElement } from 'hyparquet'
import { StrataError } from '../core/errors.ts'
import { rawJson } from '../core/raw-json.ts'
import { formatDays, parseDate, parseTimestamp } from './calendar.ts'
import type { DataType } from './schema.ts'

/**
 * How Strata writes one Delta primitive type: the Parquet schema element, the check and
 * conversion of a JS value into what parquet-pages.ts writes, and the value's JSON form in
 * Delta file statistics (`undefined`: no min/max for this type, as Spark writes none).
 *
 * Accepted inputs: string → string; long → bigint or safe integer; integer/short/byte →
 * integer in range; float/double → number; boolean; binary → Uint8Array; date → Date or
 * 'YYYY-MM-DD'; timestamp/timestamp_ntz → Date, bigint microseconds or ISO string;
 * decimal(p,s) → string, number or bigint (unscaled).
 */
export interface ColumnType {
  readonly element: (name: string, nullable: boolean) => SchemaElement
  /** Returns the value to write, or `undefined` when `v` is not of this type. */
  readonly convert: (v: unknown) => unknown
  readonly statValue: ((written: unknown) => unknown) | undefined
  /** Orders written values for min/max; only consulted when statValue is defined. */
  readonly less?: (a: never, b: never) => boolean
}

type Kind = 'string' | 'long' | 'integer' | 'short' | 'byte' | 'float' | 'double' | 'boolean' | 'binary' | 'date' | 'timestamp' | 'timestamp_ntz'

const rep = (nullable: boolean) => (nullable ? 'OPTIONAL' : 'REQUIRED') as 'OPTIONAL' | 'REQUIRED'
const lt = (a: number | bigint | string, b: number | bigint | string) => a < b
const int = (min: number, max: number) => (v: unknown) =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : undefined

const types: { [K in Kind]: ColumnType } = {
  string: {
    element: (name, nullable) => ({ name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: rep(nullable) }),
    convert: (v) => (typeof v === 'string' ? v : undefined),
    statValue: (v) => v,
    less: lt,
  },
  long: {
    element: (name, nullable) => ({ name, type: 'INT64', repetition_type: rep(nullable) }),
    convert: (v) => (typeof v === 'bigint' ? BigInt.asIntN(64, v) === v ? v : undefined : Number.isSafeInteger(v) ? BigInt(v as number) : undefined),
    // Exact digits: a long beyond 2^53 must not round in the stats.
    statValue: (v) => rawJson(String(v)),
    less: lt,
  },
  integer: {
    element: (name, nullable) => ({ name, type: 'INT32', repetition_type: rep(nullable) }),
    convert: int(-2147483648, 2147483647),
    statValue: (v) => v,
    less: lt,
  },
  short: {
    element: (name, nullable) => ({ name, type: 'INT32', converted_type: 'INT_16', repetition_type: rep(nullable) }),
    convert: int(-32768, 32767),
    statValue: (v) => v,
    less: lt,
  },
  byte: {
    element: (name, nullable) => ({ name, type: 'INT32', converted_type: 'INT_8', repetition_type: rep(nullable) }),
    convert: int(-128, 127),
    statValue: (v) => v,
    less: lt,
  },
  float: {
    element: (name, nullable) => ({ name, type: 'FLOAT', repetition_type: rep(nullable) }),
    convert: (v) => (typeof v === 'number' ? v : undefined),
    statValue: (v) => (Number.isFinite(v) ? v : undefined),
    less: lt,
  },
  double: {
    element: (name, nullable) => ({ name, type: 'DOUBLE', repetition_type: rep(nullable) }),
    convert: (v) => (typeof v === 'number' ? v : undefined),
    statValue: (v) => (Number.isFinite(v) ? v : undefined),
    less: lt,
  },
  boolean: {
    element: (name, nullable) => ({ name, type: 'BOOLEAN', repetition_type: rep(nullable) }),
    convert: (v) => (typeof v === 'boolean' ? v : undefined),
    statValue: undefined,
  },
  binary: {
    element: (name, nullable) => ({ name, type: 'BYTE_ARRAY', repetition_type: rep(nullable) }),
    convert: (v) => (v instanceof Uint8Array ? v : undefined),
    statValue: undefined,
  },
  date: {
    element: (name, nullable) => ({ name, type: 'INT32', converted_type: 'DATE', repetition_type: rep(nullable) }),
    convert: (v) => (v instanceof Date ? Math.floor(v.getTime() / 86_400_000) : typeof v === 'string' ? parseDate(v) : undefined),
    statValue: (v) => formatDays(v as number),
    less: lt,
  },
  timestamp: timestampType(true),
  timestamp_ntz: timestampType(false),
}

function timestampType(utc: boolean): ColumnType {
  return {
    element: (name, nullable) => ({
      name,
      type: 'INT64',
      logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: utc, unit: 'MICROS' },
      repetition_type: rep(nullable),
    }),
    // A string without an offset is UTC for timestamp, and the wall clock itself for timestamp_ntz.
    convert: (v) => (typeof v === 'bigint' ? v : v instanceof Date ? BigInt(v.getTime()) * 1000n : typeof v === 'string' ? parseTimestamp(v) : undefined),
    // Delta stats hold timestamps at millisecond precision, truncated as Spark writes them.
    statValue: (v) => new Date(Number((v as bigint) / 1000n)).toISOString().replace(/Z$/, utc ? 'Z' : ''),
    less: lt,
  }
}

function decimalType(precision: number, scale: number): ColumnType {
  const length = Math.ceil((Math.log2(10 ** precision) + 1) / 8)
  return {
    element: (name, nullable) => ({
      name, type: 'FIXED_LEN_BYTE_ARRAY', type_length: length, converted_type: 'DECIMAL', precision, scale, repetition_type: rep(nullable),
    }),
    convert: (v) => {
      if (typeof v === 'bigint') return v
      const text = typeof v === 'number' && Number.isFinite(v) ? v.toFixed(scale) : typeof v === 'string' ? v.trim() : ''
      const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text)
      if (!m || (m[2] === '' && !m[3]) || (m[3] ?? '').length > scale) return undefined
      const digits = (m[2] || '0') + (m[3] ?? '').padEnd(scale, '0')
      if (digits.replace(/^0+/, '').length > precision) return undefined
      return (m[1] === '-' ? -1n : 1n) * BigInt(digits)
    },
    statValue: undefined,
  }
}

/** The write codec of a Delta data type; nested types are refused for writes. */
export function columnType(type: DataType, column: string): ColumnType {
  if (typeof type === 'string') {
    const decimal = /^decimal\((\d+),(\d+)\)$/.exec(type)
    if (decimal) return decimalType(Number(decimal[1]), Number(decimal[2]))
    const known = types[type as Kind]
    if (known) return known
  }
  const name = typeof type === 'string' ? type : type.type
  throw new StrataError('unsupported_feature', `column '${column}' has type '${name}', which Strata cannot write yet`)
}
