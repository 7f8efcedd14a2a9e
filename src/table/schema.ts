import { StrataError } from '../core/errors.ts'

/** Delta's primitive type names, plus `decimal(p,s)` which is parsed from its string form. */
export type PrimitiveType =
  | 'string' | 'long' | 'integer' | 'short' | 'byte' | 'float' | 'double' | 'boolean'
  | 'binary' | 'date' | 'timestamp' | 'timestamp_ntz' | `decimal(${number},${number})` | 'variant'

export interface StructType {
  readonly type: 'struct'
  readonly fields: readonly StructField[]
}

export interface ArrayType {
  readonly type: 'array'
  readonly elementType: DataType
  readonly containsNull: boolean
}

export interface MapType {
  readonly type: 'map'
  readonly keyType: DataType
  readonly valueType: DataType
  readonly valueContainsNull: boolean
}

export type DataType = PrimitiveType | StructType | ArrayType | MapType

export interface StructField {
  readonly name: string
  readonly type: DataType
  readonly nullable: boolean
  readonly metadata: Readonly<Record<string, unknown>>
}

const primitives = new Set([
  'string', 'long', 'integer', 'short', 'byte', 'float', 'double', 'boolean',
  'binary', 'date', 'timestamp', 'timestamp_ntz', 'variant',
])

/** Parses `metaData.schemaString` into a validated, frozen struct type. */
export function parseSchema(schemaString: string, where = 'schemaString'): StructType {
  let json: unknown
  try {
    json = JSON.parse(schemaString)
  } catch (e) {
    throw new StrataError('corrupt_log', `${where}: invalid JSON (${(e as Error).message})`, { cause: e })
  }
  const type = parseType(json, where)
  if (typeof type === 'string' || type.type !== 'struct') {
    throw new StrataError('corrupt_log', `${where}: the table schema must be a struct`)
  }
  return type
}

function parseType(json: unknown, at: string): DataType {
  if (typeof json === 'string') {
    if (primitives.has(json) || /^decimal\(\d+,\s*\d+\)$/.test(json)) return json.replace(/\s/g, '') as PrimitiveType
    if (json === 'decimal') return 'decimal(10,0)'
    throw new StrataError('unsupported_feature', `${at}: data type '${json}' is not supported`)
  }
  if (typeof json !== 'object' || json === null) throw new StrataError('corrupt_log', `${at}: a data type must be a string or an object`)
  const t = json as Record<string, unknown>
  switch (t.type) {
    case 'struct': {
      if (!Array.isArray(t.fields)) throw new StrataError('corrupt_log', `${at}: struct fields must be a list`)
      return Object.freeze({ type: 'struct', fields: Object.freeze(t.fields.map((f, i) => parseField(f, `${at}.fields[${i}]`))) })
    }
    case 'array':
      return Object.freeze({ type: 'array', elementType: parseType(t.elementType, `${at}.elementType`), containsNull: t.containsNull !== false })
    case 'map':
      return Object.freeze({
        type: 'map',
        keyType: parseType(t.keyType, `${at}.keyType`),
        valueType: parseType(t.valueType, `${at}.valueType`),
        valueContainsNull: t.valueContainsNull !== false,
      })
    default:
      throw new StrataError('unsupported_feature', `${at}: data type '${String(t.type)}' is not supported`)
  }
}

function parseField(json: unknown, at: string): StructField {
  if (typeof json !== 'object' || json === null) throw new StrataError('corrupt_log', `${at}: a field must be an object`)
  const f = json as Record<string, unknown>
  if (typeof f.name !== 'string') throw new StrataError('corrupt_log', `${at}: field name must be a string`)
  return Object.freeze({
    name: f.name,
    type: parseType(f.type, `${at} '${f.name}'`),
    nullable: f.nullable !== false,
    metadata: Object.freeze((f.metadata ?? {}) as Record<string, unknown>),
  })
}

/** The JSON text Delta stores in `metaData.schemaString`. */
export function schemaString(schema: StructType): string {
  return JSON.stringify(schema)
}
