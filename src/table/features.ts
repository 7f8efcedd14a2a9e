import { StrataError } from '../core/errors.ts'
import type { MetadataAction, ProtocolAction } from './actions.ts'
import { parseSchema, type DataType } from './schema.ts'

/** The highest reader protocol version Strata reads. */
export const MAX_READER_VERSION = 3

/** The highest writer protocol version Strata writes. */
export const MAX_WRITER_VERSION = 7

/**
 * How Strata treats one table feature.
 * - `read`: whether Strata reads a table that lists it. Writer-only features do not change
 *   what a reader must do, so they are all readable.
 * - `write`: `'yes'` when Strata honours it on every write, `'no'` when it refuses to write
 *   a table that supports it, `'unused'` when it writes only while the table does not use it.
 * - `inUse`: says how the table uses the feature, or `undefined` when it does not. Needed
 *   for `'unused'` features and for features implied by legacy writer versions, which
 *   Strata refuses only when they are in use.
 */
export interface FeatureSupport {
  readonly read: boolean
  readonly write: 'yes' | 'no' | 'unused'
  readonly inUse?: (metadata: MetadataAction) => string | undefined
}

/**
 * Every table feature Strata knows, checked before any read or write. A feature missing
 * here is refused for both.
 */
export const FEATURES: Readonly<Record<string, FeatureSupport>> = {
  appendOnly: { read: true, write: 'yes' },
  invariants: { read: true, write: 'unused', inUse: (m) => fieldWith(m, 'delta.invariants', 'an invariant') },
  checkConstraints: { read: true, write: 'unused', inUse: constraint },
  changeDataFeed: { read: true, write: 'no', inUse: (m) => propertyTrue(m, 'delta.enableChangeDataFeed') },
  generatedColumns: { read: true, write: 'no', inUse: (m) => fieldWith(m, 'delta.generationExpression', 'a generation expression') },
  identityColumns: { read: true, write: 'no', inUse: (m) => fieldWith(m, 'delta.identity.start', 'an identity definition') },
  columnMapping: { read: true, write: 'no', inUse: columnMappingMode },
  deletionVectors: { read: true, write: 'no' },
  timestampNtz: { read: true, write: 'yes' },
  domainMetadata: { read: true, write: 'yes' },
  vacuumProtocolCheck: { read: true, write: 'yes' },
  // Strata writes classic V1 checkpoints only, which a v2Checkpoint table may not rely on.
  v2Checkpoint: { read: true, write: 'no' },
  rowTracking: { read: true, write: 'no' },
  inCommitTimestamp: { read: true, write: 'no' },
  allowColumnDefaults: { read: true, write: 'no' },
  clustering: { read: true, write: 'no' },
  icebergCompatV1: { read: true, write: 'no' },
  icebergCompatV2: { read: true, write: 'no' },
  // Reading widened columns needs per-file type conversion that the scan does not do.
  typeWidening: { read: false, write: 'no' },
  'typeWidening-preview': { read: false, write: 'no' },
  variantType: { read: false, write: 'no' },
  'variantType-preview': { read: false, write: 'no' },
  variantShredding: { read: false, write: 'no' },
  'variantShredding-preview': { read: false, write: 'no' },
  catalogManaged: { read: false, write: 'no' },
  'catalogOwned-preview': { read: false, write: 'no' },
}

// Before table features, each writer version implied a fixed set of features (PROTOCOL.md,
// "Writer Version Requirements"); reader version 2 implied column mapping.
const legacyWriterFeatures: readonly (readonly string[])[] = [
  [],
  [],
  ['appendOnly', 'invariants'],
  ['checkConstraints'],
  ['changeDataFeed', 'generatedColumns'],
  ['columnMapping'],
  ['identityColumns'],
]

/**
 * Throws unless Strata can read a table with this protocol: `invalid_protocol` for a
 * protocol the Delta spec does not allow, `unsupported_feature` naming the reader version
 * or the first reader feature Strata does not implement.
 */
export function checkReadable(protocol: ProtocolAction): void {
  checkShape(protocol)
  const version = protocol.minReaderVersion
  if (version > MAX_READER_VERSION) {
    throw new StrataError('unsupported_feature', `reader version ${version} is not supported (Strata reads up to ${MAX_READER_VERSION})`)
  }
  if (version < 3) return
  for (const name of protocol.readerFeatures ?? []) {
    if (FEATURES[name]?.read !== true) {
      throw new StrataError('unsupported_feature', `table feature '${name}' is not supported for reads`)
    }
  }
}

/**
 * Throws unless Strata can write a table with this protocol and metadata. Checks
 * readability first, since a writer reads the table before it writes. A feature listed by
 * the protocol must be one Strata honours; a feature only implied by a legacy protocol
 * version is refused only when the table uses it.
 */
export function checkWritable(protocol: ProtocolAction, metadata: MetadataAction): void {
  checkReadable(protocol)
  const version = protocol.minWriterVersion
  if (version > MAX_WRITER_VERSION) {
    throw new StrataError('unsupported_feature', `writer version ${version} is not supported (Strata writes up to ${MAX_WRITER_VERSION})`)
  }
  if (version === 7) {
    for (const name of new Set([...(protocol.readerFeatures ?? []), ...(protocol.writerFeatures ?? [])])) {
      const support = FEATURES[name]
      const use = support?.write === 'unused' ? support.inUse?.(metadata) : undefined
      if (support === undefined || support.write === 'no' || use !== undefined) refuseWrite(name, use)
    }
    return
  }
  const implied = legacyWriterFeatures.slice(0, version + 1).flat()
  if (protocol.minReaderVersion === 2) implied.push('columnMapping')
  for (const name of new Set(implied)) {
    const support = FEATURES[name]!
    const use = support.write === 'yes' ? undefined : support.inUse?.(metadata)
    if (use !== undefined) refuseWrite(name, use)
  }
}

function refuseWrite(name: string, use: string | undefined): never {
  const why = use === undefined ? '' : `: ${use}`
  throw new StrataError('unsupported_feature', `table feature '${name}' is not supported for writes${why}`)
}

// The shape rules of PROTOCOL.md "Table Features": feature lists exist exactly at reader
// version 3 and writer version 7, and reader version 3 requires writer version 7.
function checkShape(p: ProtocolAction): void {
  for (const [what, v] of [['reader', p.minReaderVersion], ['writer', p.minWriterVersion]] as const) {
    if (!Number.isInteger(v) || v < 1) {
      throw new StrataError('invalid_protocol', `protocol ${what} version ${v} is invalid: versions are integers from 1`)
    }
  }
  if (p.minReaderVersion === 3 && p.readerFeatures === undefined) {
    throw new StrataError('invalid_protocol', 'protocol has reader version 3 but no readerFeatures list')
  }
  if (p.minWriterVersion === 7 && p.writerFeatures === undefined) {
    throw new StrataError('invalid_protocol', 'protocol has writer version 7 but no writerFeatures list')
  }
  if (p.minReaderVersion === 3 && p.minWriterVersion !== 7) {
    throw new StrataError('invalid_protocol', `protocol has reader version 3 with writer version ${p.minWriterVersion}; reader version 3 requires writer version 7`)
  }
  if (p.minReaderVersion < 3 && (p.readerFeatures?.length ?? 0) > 0) {
    throw new StrataError('invalid_protocol', `protocol lists readerFeatures at reader version ${p.minReaderVersion}; they are only allowed at version 3`)
  }
  if (p.minWriterVersion < 7 && (p.writerFeatures?.length ?? 0) > 0) {
    throw new StrataError('invalid_protocol', `protocol lists writerFeatures at writer version ${p.minWriterVersion}; they are only allowed at version 7`)
  }
}

function propertyTrue(m: MetadataAction, key: string): string | undefined {
  return m.configuration[key]?.toLowerCase() === 'true' ? `table property ${key} is true` : undefined
}

function constraint(m: MetadataAction): string | undefined {
  const key = Object.keys(m.configuration).find((k) => k.startsWith('delta.constraints.'))
  return key === undefined ? undefined : `the table has CHECK constraint '${key.slice('delta.constraints.'.length)}'`
}

function columnMappingMode(m: MetadataAction): string | undefined {
  const mode = m.configuration['delta.columnMapping.mode'] ?? 'none'
  return mode === 'none' ? undefined : `column mapping mode is '${mode}'`
}

function fieldWith(m: MetadataAction, key: string, what: string): string | undefined {
  const found = findField(parseSchema(m.schemaString), key, '')
  return found === undefined ? undefined : `column '${found}' has ${what}`
}

function findField(type: DataType, key: string, prefix: string): string | undefined {
  if (typeof type === 'string') return undefined
  if (type.type === 'array') return findField(type.elementType, key, prefix)
  if (type.type === 'map') return findField(type.keyType, key, prefix) ?? findField(type.valueType, key, prefix)
  for (const f of type.fields) {
    const path = `${prefix}${f.name}`
    if (f.metadata[key] !== undefined) return path
    const nested = findField(f.type, key, `${path}.`)
    if (nested !== undefined) return nested
  }
  return undefined
}
