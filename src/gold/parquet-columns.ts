import type { SchemaElement } from 'hyparquet'
import { StrataError } from '../core/errors.ts'
import { columnType } from '../table/column-types.ts'
import type { DataType, StructField } from '../table/schema.ts'

/**
 * How one table column goes into an exported Parquet file: its schema elements (one for a
 * primitive column; the three of Parquet's standard LIST for an array of primitives), the
 * conversion of a scanned value into what the writer takes, and the value's size as data
 * (UTF-8 bytes of a string, the width of a number, the sum of an array's items), by which
 * shards are cut.
 */
export interface ParquetColumn {
  readonly name: string
  readonly elements: readonly SchemaElement[]
  /** The value to write (null when absent); throws `schema_mismatch` for a value the type does not hold. */
  readonly convert: (value: unknown) => unknown
  readonly size: (value: unknown) => number
}

const WIDTH: Readonly<Record<string, number>> = {
  long: 8, double: 8, timestamp: 8, timestamp_ntz: 8, integer: 4, float: 4, date: 4, short: 2, byte: 1, boolean: 1,
}

/**
 * The Parquet form of `field`. Structs, maps, nested arrays and variants are refused
 * (`unsupported_feature`, naming the column) — pick the columns to export instead.
 */
export function parquetColumn(field: StructField, where: string): ParquetColumn {
  const { name, type } = field
  const repetition = field.nullable ? 'OPTIONAL' : 'REQUIRED'
  if (typeof type === 'string') {
    const item = primitive(name, type, where)
    return { name, elements: [item.element(name, field.nullable)], convert: (v) => (v === null || v === undefined ? null : item.convert(v)), size: item.size }
  }
  if (type.type === 'array' && typeof type.elementType === 'string') {
    const item = primitive(name, type.elementType, where)
    const containsNull = type.containsNull
    return {
      name,
      elements: [
        { name, repetition_type: repetition, converted_type: 'LIST', num_children: 1 },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        item.element('element', containsNull),
      ],
      convert: (v) => {
        if (v === null || v === undefined) return null
        const items = v as readonly unknown[]
        const out = new Array<unknown>(items.length)
        for (let i = 0; i < items.length; i++) out[i] = items[i] === null ? null : item.convert(items[i])
        return out
      },
      size: (v) => {
        if (v === null || v === undefined) return 0
        let n = 0
        for (const x of v as readonly unknown[]) n += item.size(x)
        return n
      },
    }
  }
  const kind = type.type === 'array' ? 'array of nested values' : type.type
  throw new StrataError('unsupported_feature', `${where}: column '${name}' is a ${kind}, which Parquet export does not write; leave it out with --columns`)
}

interface Primitive {
  readonly element: (name: string, nullable: boolean) => SchemaElement
  readonly convert: (v: unknown) => unknown
  readonly size: (v: unknown) => number
}

function primitive(column: string, type: DataType & string, where: string): Primitive {
  if (type === 'variant') throw new StrataError('unsupported_feature', `${where}: column '${column}' is a variant, which Parquet export does not write; leave it out with --columns`)
  const codec = columnType(type, column)
  const width = WIDTH[type] ?? 16
  const size =
    type === 'string' ? (v: unknown) => (typeof v === 'string' ? Buffer.byteLength(v) : 0)
    : type === 'binary' ? (v: unknown) => (v instanceof Uint8Array ? v.length : 0)
    : (v: unknown) => (v === null || v === undefined ? 0 : width)
  return {
    element: codec.element,
    convert: (v) => {
      const out = codec.convert(v)
      if (out === undefined) throw new StrataError('schema_mismatch', `${where}: column '${column}' holds ${typeof v} ${String(v).slice(0, 40)}, not a ${type}`)
      return out
    },
    size,
  }
}
