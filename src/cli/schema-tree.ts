import type { DataType, StructType } from '../table/schema.ts'

/**
 * A schema as indented lines, one per field: `name: type`, `not null` when the field is
 * required, nested struct fields (also inside arrays and maps) indented beneath.
 */
export function schemaTree(schema: StructType, indent = ''): string[] {
  return schema.fields.flatMap((f) => [
    `${indent}${f.name}: ${typeName(f.type)}${f.nullable ? '' : ' not null'}`,
    ...nested(f.type, `${indent}  `),
  ])
}

/** A type's name on one line; struct members are listed by `schemaTree`, not inlined. */
export function typeName(type: DataType): string {
  if (typeof type === 'string') return type
  switch (type.type) {
    case 'struct':
      return 'struct'
    case 'array':
      return `array<${typeName(type.elementType)}>`
    case 'map':
      return `map<${typeName(type.keyType)}, ${typeName(type.valueType)}>`
  }
}

function nested(type: DataType, indent: string): string[] {
  if (typeof type === 'string') return []
  switch (type.type) {
    case 'struct':
      return schemaTree(type, indent)
    case 'array':
      return nested(type.elementType, indent)
    case 'map':
      return [...nested(type.keyType, indent), ...nested(type.valueType, indent)]
  }
}
