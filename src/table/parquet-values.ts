import type { FileMetaData, ParquetParsers, SchemaElement, SchemaTree } from 'hyparquet'
import { StrataError } from '../core/errors.ts'
import { formatDays } from './calendar.ts'
import type { ColumnMappingMode, MappedField, MappedType } from './column-mapping.ts'
import { decimalShape, formatDecimal } from './decimal.ts'

/**
 * Turns one value as hyparquet assembled it (read with `valueParsers`, `utf8: false` and
 * `plainMetadata`) into the scan's representation of its Delta type. Never sees null.
 */
export type Decoder = (value: unknown) => unknown

/**
 * hyparquet parsers that keep timestamps exact: every unit (and INT96) becomes `bigint`
 * microseconds since the epoch, dates stay day counts and JSON stays bytes, for the
 * decoders to finish.
 */
export const valueParsers: Partial<ParquetParsers> = {
  timestampFromMilliseconds: (millis) => BigInt(millis) * 1000n,
  timestampFromMicroseconds: (micros) => BigInt(micros),
  timestampFromNanoseconds: (nanos) => {
    const n = BigInt(nanos)
    return n >= 0n || n % 1000n === 0n ? n / 1000n : n / 1000n - 1n
  },
  dateFromDays: (days) => days,
  jsonFromBytes: (bytes) => bytes,
}

/**
 * The file's metadata with DECIMAL and MAP annotations removed, so hyparquet hands over
 * unscaled integers or bytes (its decimals are lossy doubles) and maps as lists of
 * key/value entries (its maps are objects, which stringify non-string keys).
 */
export function plainMetadata(metadata: FileMetaData): FileMetaData {
  return { ...metadata, schema: metadata.schema.map(plainElement) }
}

function plainElement(e: SchemaElement): SchemaElement {
  const logical = e.logical_type?.type
  const annotated = e.converted_type === 'DECIMAL' || e.converted_type === 'MAP' || e.converted_type === 'MAP_KEY_VALUE'
  if (!annotated && logical !== 'DECIMAL' && logical !== 'MAP') return e
  const { converted_type, logical_type, ...rest } = e
  return rest
}

/**
 * The child of a Parquet group that holds `field`: by Parquet `field_id` in mode `id`, else
 * by physical name. `undefined` when the file lacks it (a column added later reads as null).
 */
export function findChild(children: readonly SchemaTree[], field: MappedField, mode: ColumnMappingMode): SchemaTree | undefined {
  return mode === 'id' ? children.find((c) => c.element.field_id === field.id) : children.find((c) => c.element.name === field.physicalName)
}

/**
 * The decoder of `type` stored as `node`, or `undefined` when hyparquet's value is already
 * the scan's. The pairing is checked here, once per file: a Parquet type that cannot hold
 * the Delta type is `schema_mismatch` naming `where` (the file) and `path` (the column).
 */
export function decoderFor(type: MappedType, node: SchemaTree, mode: ColumnMappingMode, where: string, path: string): Decoder | undefined {
  const mismatch = () => {
    const stored = node.children.length > 0 ? `a group (${node.element.converted_type ?? 'struct'})` : node.element.type
    const wanted = typeof type === 'string' ? type : type.type
    return new StrataError('schema_mismatch', `${where}: column '${path}' is stored as ${stored}, which cannot hold the table's type ${wanted}`)
  }
  if (typeof type === 'string') {
    if (node.children.length > 0) throw mismatch()
    return primitiveDecoder(type, node.element, mismatch)
  }
  if (node.children.length === 0) throw mismatch()
  switch (type.type) {
    case 'struct':
      if (node.element.converted_type === 'LIST' || node.children.some((c) => c.element.repetition_type === 'REPEATED')) throw mismatch()
      return structDecoder(type.fields, node, mode, where, path)
    case 'array':
      return arrayDecoder(type.elementType, node, mode, where, path, mismatch)
    case 'map':
      return mapDecoder(type.keyType, type.valueType, node, mode, where, path, mismatch)
  }
}

const utf8 = new TextDecoder()
const utf8Encoder = new TextEncoder()
const toBigInt: Decoder = (v) => BigInt(v as number)
const toDate: Decoder = (v) => formatDays(v as number)
const toText: Decoder = (v) => (v instanceof Uint8Array ? utf8.decode(v) : v)
const toBytes: Decoder = (v) => (typeof v === 'string' ? utf8Encoder.encode(v) : v)

function primitiveDecoder(type: string, element: SchemaElement, mismatch: () => StrataError): Decoder | undefined {
  const physical = element.type
  const bytes = physical === 'BYTE_ARRAY' || physical === 'FIXED_LEN_BYTE_ARRAY'
  switch (type) {
    case 'string': {
      if (!bytes) throw mismatch()
      const decoded = element.converted_type === 'UTF8' || element.logical_type?.type === 'STRING'
      return decoded ? undefined : toText
    }
    case 'binary':
      if (!bytes) throw mismatch()
      return toBytes
    case 'byte':
    case 'short':
    case 'integer':
      if (physical !== 'INT32') throw mismatch()
      return undefined
    case 'long':
      if (physical === 'INT64') return undefined
      if (physical === 'INT32') return toBigInt
      throw mismatch()
    case 'float':
      if (physical !== 'FLOAT') throw mismatch()
      return undefined
    case 'double':
      if (physical !== 'DOUBLE' && physical !== 'FLOAT' && physical !== 'INT32') throw mismatch()
      return undefined
    case 'boolean':
      if (physical !== 'BOOLEAN') throw mismatch()
      return undefined
    case 'date':
      if (physical !== 'INT32') throw mismatch()
      return toDate
    case 'timestamp':
    case 'timestamp_ntz':
      if (physical !== 'INT64' && physical !== 'INT96') throw mismatch()
      return undefined
  }
  const shape = decimalShape(type)
  if (!shape) throw new StrataError('unsupported_feature', `data type '${type}' cannot be read yet`)
  const fileScale = element.scale ?? 0
  if (fileScale > shape.scale || !(bytes || physical === 'INT32' || physical === 'INT64')) throw mismatch()
  const factor = 10n ** BigInt(shape.scale - fileScale)
  const scale = shape.scale
  if (bytes) return (v) => formatDecimal(factor === 1n ? signed(v as Uint8Array) : BigInt(signed(v as Uint8Array)) * factor, scale)
  return factor === 1n ? (v) => formatDecimal(v as number | bigint, scale) : (v) => formatDecimal(BigInt(v as number | bigint) * factor, scale)
}

// A big-endian two's-complement integer; plain numbers while they are exact.
function signed(b: Uint8Array): number | bigint {
  if (b.length <= 6) {
    let n = 0
    for (let i = 0; i < b.length; i++) n = n * 256 + b[i]!
    return b.length > 0 && b[0]! >= 128 ? n - 2 ** (8 * b.length) : n
  }
  let n = 0n
  for (let i = 0; i < b.length; i++) n = (n << 8n) | BigInt(b[i]!)
  return b[0]! >= 128 ? n - (1n << BigInt(8 * b.length)) : n
}

function structDecoder(fields: readonly MappedField[], node: SchemaTree, mode: ColumnMappingMode, where: string, path: string): Decoder {
  const names = fields.map((f) => f.name)
  const keys: (string | undefined)[] = []
  const decoders: (Decoder | undefined)[] = []
  for (const f of fields) {
    const child = findChild(node.children, f, mode)
    keys.push(child?.element.name)
    decoders.push(child && decoderFor(f.type, child, mode, where, `${path}.${f.name}`))
  }
  return (v) => {
    const source = v as Record<string, unknown>
    const out: Record<string, unknown> = {}
    for (let i = 0; i < names.length; i++) {
      const key = keys[i]
      const x = key === undefined ? null : source[key]
      const decode = decoders[i]
      out[names[i]!] = x === null || x === undefined ? null : decode ? decode(x) : x
    }
    return out
  }
}

// hyparquet assembles a LIST group into arrays when its repeated child has at most one
// child (the element, or itself a primitive element); a legacy repeated group of several
// fields stays a struct holding the entries under the repeated group's name.
function arrayDecoder(
  elementType: MappedType,
  node: SchemaTree,
  mode: ColumnMappingMode,
  where: string,
  path: string,
  mismatch: () => StrataError,
): Decoder {
  const repeated = node.children[0]!
  if (node.children.length !== 1 || repeated.element.repetition_type !== 'REPEATED' || node.element.converted_type !== 'LIST') throw mismatch()
  const assembled = repeated.children.length <= 1
  const elementNode = repeated.children.length === 1 ? repeated.children[0]! : repeated
  const decode = decoderFor(elementType, elementNode, mode, where, `${path}.element`)
  const entriesKey = repeated.element.name
  return (v) => {
    const list = (assembled ? v : (v as Record<string, unknown>)[entriesKey]) as unknown[]
    const out = new Array<unknown>(list.length)
    for (let i = 0; i < list.length; i++) {
      const x = list[i]
      out[i] = x === null || x === undefined ? null : decode ? decode(x) : x
    }
    return out
  }
}

function mapDecoder(
  keyType: MappedType,
  valueType: MappedType,
  node: SchemaTree,
  mode: ColumnMappingMode,
  where: string,
  path: string,
  mismatch: () => StrataError,
): Decoder {
  const entries = node.children[0]!
  const shaped = node.children.length === 1 && entries.element.repetition_type === 'REPEATED' && entries.children.length === 2
  if (!shaped || node.element.converted_type === 'LIST') throw mismatch()
  const [keyNode, valueNode] = entries.children as [SchemaTree, SchemaTree]
  const decodeKey = decoderFor(keyType, keyNode, mode, where, `${path}.key`)
  const decodeValue = decoderFor(valueType, valueNode, mode, where, `${path}.value`)
  const [entriesKey, keyKey, valueKey] = [entries.element.name, keyNode.element.name, valueNode.element.name]
  return (v) => {
    const list = (v as Record<string, unknown>)[entriesKey] as Record<string, unknown>[]
    const out = new Map<unknown, unknown>()
    for (const entry of list) {
      const k = entry[keyKey]
      const x = entry[valueKey]
      out.set(decodeKey ? decodeKey(k) : k, x === null || x === undefined ? null : decodeValue ? decodeValue(x) : x)
    }
    return out
  }
}
