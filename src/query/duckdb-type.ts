import { StrataError } from '../core/errors.ts'
import type { DataType, PrimitiveType } from '../table/schema.ts'
import { quote } from './table-refs.ts'

type Simple = Exclude<PrimitiveType, `decimal(${number},${number})`>

// Delta timestamps are instants (TIMESTAMPTZ); timestamp_ntz is a wall-clock time (TIMESTAMP).
const SIMPLE: Record<Simple, string | undefined> = {
  string: 'VARCHAR',
  long: 'BIGINT',
  integer: 'INTEGER',
  short: 'SMALLINT',
  byte: 'TINYINT',
  float: 'FLOAT',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
  binary: 'BLOB',
  date: 'DATE',
  timestamp: 'TIMESTAMPTZ',
  timestamp_ntz: 'TIMESTAMP',
  variant: undefined,
}

/** The DuckDB SQL type of a Delta type; `column` names it in the error for a type DuckDB cannot hold. */
export function duckdbType(type: DataType, column: string): string {
  if (typeof type === 'string') {
    const decimal = /^decimal\((\d+),(\d+)\)$/.exec(type)
    if (decimal) return `DECIMAL(${decimal[1]},${decimal[2]})`
    const sql = SIMPLE[type as Simple]
    if (sql === undefined) throw new StrataError('unsupported_feature', `column '${column}' has type '${type}', which strata sql cannot query yet`)
    return sql
  }
  switch (type.type) {
    case 'struct':
      return `STRUCT(${type.fields.map((f) => `${quote(f.name)} ${duckdbType(f.type, `${column}.${f.name}`)}`).join(', ')})`
    case 'array':
      return `${duckdbType(type.elementType, `${column}[]`)}[]`
    case 'map':
      return `MAP(${duckdbType(type.keyType, `${column} key`)}, ${duckdbType(type.valueType, `${column} value`)})`
  }
}
