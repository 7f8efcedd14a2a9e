import { StrataError } from '../core/errors.ts'
import { schemaString, type StructType } from './schema.ts'

/**
 * Checks that `next` only adds nullable columns to `current` (or relaxes a column to
 * nullable) and returns it — or `current` itself when `next` is the same schema, so a
 * writer can tell by identity that nothing changed. Any other change is refused with the
 * column and the reason. `where` names the table for messages.
 */
export function evolveSchema(current: StructType, next: StructType, where: string): StructType {
  if (schemaString(current) === schemaString(next)) return current
  const nextByName = new Map(next.fields.map((f) => [f.name, f]))
  for (const field of current.fields) {
    const replacement = nextByName.get(field.name)
    if (!replacement) {
      throw new StrataError('schema_mismatch', `${where}: column '${field.name}' is missing from the new schema; Strata only adds columns`)
    }
    const was = JSON.stringify(field.type)
    const now = JSON.stringify(replacement.type)
    if (was !== now) {
      throw new StrataError('schema_mismatch', `${where}: column '${field.name}' would change type from ${was} to ${now}; Strata only adds nullable columns`)
    }
    if (field.nullable && !replacement.nullable) {
      throw new StrataError('schema_mismatch', `${where}: column '${field.name}' would become non-nullable; existing rows may hold nulls`)
    }
    nextByName.delete(field.name)
  }
  for (const added of nextByName.values()) {
    if (!added.nullable) {
      throw new StrataError('schema_mismatch', `${where}: new column '${added.name}' must be nullable, since existing rows have no value for it`)
    }
  }
  return next
}
