import type { SchemaElement } from 'hyparquet'
import { StrataError } from '../core/errors.ts'
import { rawJson } from '../core/raw-json.ts'
import { formatDays, parseDate, parseTimestamp } from './calendar.ts'
import type { DataType } from './schema.ts'

/**
 * How Strata writes one Delta type: the Parquet schema element, the check and conversion
 * of a JS value into what parquet-pages.ts writes, and the value's JSON form in Delta file
 * statistics (`undefined`: no min/max for this type, as Spark writes none).
 *
 * Accepted inputs: string → string; long → bigint or safe integer; integer/short/byte →
 * integer in range; float/double → number; boolean; binary → Uint8Array; date → Date or
 * 'YYYY-MM-DD'; timestamp/timestamp_ntz → Date, bigint microseconds or ISO string;
 * decimal(p,s) → string, number or bigint (unscaled); array of integer or long without
 * null elements → see `intListType`.
 */
export interface ColumnType {
  /** The column's schema element: a primitive leaf, or a list's LIST group (parquet-pages.ts adds the levels below it). */
  readonly element: (name: string, nullable: boolean) => SchemaElement
  /** For a list column, the physical type of its required elements; absent for a primitive column. */
  readonly items?: 'INT32' | 'INT64'
  /** Returns the value to write, or `undefined` when `v` is not of this type. */
  readonly convert: (v: unknown) => unknown
  /** For a list `v` that `convert` refused: the index of its first invalid element, or -1 when `v` itself is not a list Strata accepts. */
  readonly badElement?: (v: unknown) => number
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

const INT32_MAX = 2147483647

/**
 * Lists of integers (Delta `array<integer>` or `array<long>` with `containsNull: false`),
 * such as a document's token ids. A list is an Array, Int32Array, Uint16Array or
 * Uint32Array, or for long also a BigInt64Array; an Array's elements are integers in
 * range, for long safe integers or bigints within 64 bits. The list itself is written, not
 * copied: token lists are large, and the check is the only pass before the page writer's.
 */
function intListType(long: boolean): ColumnType {
  const firstInvalid = long ? firstInvalidLong : firstInvalidInt
  return {
    element: (name, nullable) => ({ name, repetition_type: rep(nullable), converted_type: 'LIST', logical_type: { type: 'LIST' }, num_children: 1 }),
    items: long ? 'INT64' : 'INT32',
    convert: (v) => {
      const at = firstInvalid(v)
      return at >= 0 && at === (v as ArrayLike<unknown>).length ? v : undefined
    },
    badElement: firstInvalid,
    statValue: undefined,
  }
}

// Each returns the index of the first element that does not fit, the list's length when
// all fit, or -1 when the value is not an accepted list.
function firstInvalidInt(v: unknown): number {
  if (v instanceof Int32Array || v instanceof Uint16Array) return v.length
  if (v instanceof Uint32Array) {
    for (let j = 0; j < v.length; j++) if (v[j]! > INT32_MAX) return j
    return v.length
  }
  if (!Array.isArray(v)) return -1
  for (let j = 0; j < v.length; j++) {
    const x: unknown = v[j]
    if (typeof x !== 'number' || (x | 0) !== x) return j
  }
  return v.length
}

function firstInvalidLong(v: unknown): number {
  if (v instanceof Int32Array || v instanceof Uint16Array || v instanceof Uint32Array || v instanceof BigInt64Array) return v.length
  if (!Array.isArray(v)) return -1
  for (let j = 0; j < v.length; j++) {
    const x: unknown = v[j]
    if (typeof x === 'bigint' ? BigInt.asIntN(64, x) !== x : !Number.isSafeInteger(x)) return j
  }
  return v.length
}

const intList = intListType(false)
const longList = intListType(true)

/** The write codec of a Delta data type; nested types other than lists of integers are refused for writes. */
export function columnType(type: DataType, column: string): ColumnType {
  if (typeof type === 'string') {
    const decimal = /^decimal\((\d+),(\d+)\)$/.exec(type)
    if (decimal) return decimalType(Number(decimal[1]), Number(decimal[2]))
    const known = types[type as Kind]
    if (known) return known
  } else if (type.type === 'array' && !type.containsNull) {
    if (type.elementType === 'integer') return intList
    if (type.elementType === 'long') return longList
  }
  const nulls = typeof type === 'object' && type.type === 'array' && type.containsNull ? ' with null elements' : ''
  throw new StrataError('unsupported_feature', `column '${column}' has type '${typeName(type)}'${nulls}, which Strata cannot write yet`)
}

/** A data type as messages name it: `long`, `array<integer>`, `map<string,long>`, `struct`. */
export function typeName(type: DataType): string {
  if (typeof type === 'string') return type
  switch (type.type) {
    case 'array':
      return `array<${typeName(type.elementType)}>`
    case 'map':
      return `map<${typeName(type.keyType)},${typeName(type.valueType)}>`
    case 'struct':
      return 'struct'
  }
}
