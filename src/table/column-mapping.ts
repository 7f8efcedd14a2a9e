import { StrataError } from '../core/errors.ts'
import type { MetadataAction, ProtocolAction } from './actions.ts'
import type { DataType, PrimitiveType, StructType } from './schema.ts'

/**
 * How a table's columns are found in its data files: by display name (`none`), by
 * `delta.columnMapping.physicalName` (`name`), or by Parquet `field_id` equal to
 * `delta.columnMapping.id` (`id`).
 */
export type ColumnMappingMode = 'none' | 'name' | 'id'

const PHYSICAL_NAME = 'delta.columnMapping.physicalName'
const COLUMN_ID = 'delta.columnMapping.id'

/** A schema field with what a reader needs to find it in a data file. */
export interface MappedField {
  /** The logical (display) name, the key of the field in rows. */
  readonly name: string
  /** The name in data files and the key in `add.partitionValues`; equals `name` in mode `none`. */
  readonly physicalName: string
  /** The Parquet field id to match in mode `id`; `undefined` in other modes. */
  readonly id: number | undefined
  readonly type: MappedType
  readonly nullable: boolean
}

/** A data type whose struct fields carry their mapping, at any depth. */
export type MappedType =
  | PrimitiveType
  | { readonly type: 'struct'; readonly fields: readonly MappedField[] }
  | { readonly type: 'array'; readonly elementType: MappedType; readonly containsNull: boolean }
  | { readonly type: 'map'; readonly keyType: MappedType; readonly valueType: MappedType; readonly valueContainsNull: boolean }

/**
 * The column mapping mode of a table. `delta.columnMapping.mode` is honoured only when the
 * protocol supports column mapping (reader version 2, or 3 with the `columnMapping`
 * feature), as the protocol asks; an unknown mode is refused.
 */
export function columnMappingMode(protocol: ProtocolAction, metadata: MetadataAction): ColumnMappingMode {
  const supported =
    protocol.minReaderVersion === 2 || (protocol.minReaderVersion >= 3 && (protocol.readerFeatures ?? []).includes('columnMapping'))
  const mode = metadata.configuration['delta.columnMapping.mode'] ?? 'none'
  if (!supported) return 'none'
  if (mode !== 'none' && mode !== 'name' && mode !== 'id') {
    throw new StrataError('unsupported_feature', `table ${metadata.id}: column mapping mode '${mode}' is not one of none, name, id`)
  }
  return mode
}

/**
 * The schema's fields with their physical names and ids resolved for `mode`, nested
 * structs included. In modes `name` and `id` every field must carry its physical name
 * (and in `id` its id); a field without them is `corrupt_log`.
 */
export function mapSchema(schema: StructType, mode: ColumnMappingMode): readonly MappedField[] {
  return schema.fields.map((f) => mapField(f.name, f.type, f.nullable, f.metadata, mode, f.name))
}

function mapField(
  name: string,
  type: DataType,
  nullable: boolean,
  metadata: Readonly<Record<string, unknown>>,
  mode: ColumnMappingMode,
  path: string,
): MappedField {
  let physicalName = name
  let id: number | undefined
  if (mode !== 'none') {
    const physical = metadata[PHYSICAL_NAME]
    if (typeof physical !== 'string' || physical === '') {
      throw new StrataError('corrupt_log', `column '${path}' has no ${PHYSICAL_NAME}, which column mapping mode '${mode}' requires`)
    }
    physicalName = physical
  }
  if (mode === 'id') {
    const value = metadata[COLUMN_ID]
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      throw new StrataError('corrupt_log', `column '${path}' has no integer ${COLUMN_ID}, which column mapping mode 'id' requires`)
    }
    id = value
  }
  return { name, physicalName, id, type: mapType(type, mode, path), nullable }
}

function mapType(type: DataType, mode: ColumnMappingMode, path: string): MappedType {
  if (typeof type === 'string') return type
  switch (type.type) {
    case 'struct':
      return { type: 'struct', fields: type.fields.map((f) => mapField(f.name, f.type, f.nullable, f.metadata, mode, `${path}.${f.name}`)) }
    case 'array':
      return { type: 'array', elementType: mapType(type.elementType, mode, `${path}.element`), containsNull: type.containsNull }
    case 'map':
      return {
        type: 'map',
        keyType: mapType(type.keyType, mode, `${path}.key`),
        valueType: mapType(type.valueType, mode, `${path}.value`),
        valueContainsNull: type.valueContainsNull,
      }
  }
}
