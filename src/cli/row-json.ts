import type { DataType, StructType } from '../table/schema.ts'
import { formatTimestamp } from '../table/timestamp-format.ts'
import { jsonValue } from './json-value.ts'

/**
 * A scanned row as JSON-ready values, by the schema: timestamps (bigint microseconds in
 * scan rows) become ISO strings with microseconds, maps become objects keyed by the map
 * keys' text, and everything else goes through `jsonValue` (longs as numbers when exact,
 * binary as base64; dates and decimals already are exact strings).
 */
export function rowJson(row: Readonly<Record<string, unknown>>, schema: StructType): Record<string, unknown> {
  return Object.fromEntries(schema.fields.map((f) => [f.name, valueJson(row[f.name], f.type)]))
}

function valueJson(v: unknown, type: DataType): unknown {
  if (v === null || v === undefined) return null
  if (type === 'timestamp' || type === 'timestamp_ntz') return formatTimestamp(v as bigint, type === 'timestamp')
  if (typeof type === 'string') return jsonValue(v)
  switch (type.type) {
    case 'struct':
      return rowJson(v as Record<string, unknown>, type)
    case 'array':
      return (v as unknown[]).map((x) => valueJson(x, type.elementType))
    case 'map':
      return Object.fromEntries([...(v as Map<unknown, unknown>)].map(([k, x]) => [String(jsonValue(k)), valueJson(x, type.valueType)]))
  }
}
