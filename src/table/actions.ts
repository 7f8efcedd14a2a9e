import { StrataError } from '../core/errors.ts'

/** Where a deletion vector lives: `u` (relative, UUID-named), `p` (absolute path) or `i` (inline). */
export interface DeletionVectorDescriptor {
  readonly storageType: 'u' | 'p' | 'i'
  readonly pathOrInlineDv: string
  readonly offset?: number
  readonly sizeInBytes: number
  readonly cardinality: number
}

export interface AddAction {
  readonly kind: 'add'
  /** A relative (or absolute) URI, percent-encoded as the protocol requires. */
  readonly path: string
  readonly partitionValues: Readonly<Record<string, string | null>>
  readonly size: number
  readonly modificationTime: number
  readonly dataChange: boolean
  /** JSON text with numRecords, minValues, maxValues, nullCount. */
  readonly stats?: string
  readonly tags?: Readonly<Record<string, string | null>>
  readonly deletionVector?: DeletionVectorDescriptor
  readonly baseRowId?: number
  readonly defaultRowCommitVersion?: number
}

export interface RemoveAction {
  readonly kind: 'remove'
  readonly path: string
  readonly deletionTimestamp?: number
  readonly dataChange: boolean
  readonly extendedFileMetadata?: boolean
  readonly partitionValues?: Readonly<Record<string, string | null>>
  readonly size?: number
  readonly stats?: string
  readonly deletionVector?: DeletionVectorDescriptor
}

export interface MetadataAction {
  readonly kind: 'metaData'
  readonly id: string
  readonly name?: string
  readonly description?: string
  readonly format: { readonly provider: string; readonly options: Readonly<Record<string, string>> }
  readonly schemaString: string
  readonly partitionColumns: readonly string[]
  readonly createdTime?: number
  readonly configuration: Readonly<Record<string, string>>
}

export interface ProtocolAction {
  readonly kind: 'protocol'
  readonly minReaderVersion: number
  readonly minWriterVersion: number
  readonly readerFeatures?: readonly string[]
  readonly writerFeatures?: readonly string[]
}

export interface TxnAction {
  readonly kind: 'txn'
  readonly appId: string
  readonly version: number
  readonly lastUpdated?: number
}

/** Free-form provenance: Delta's fields (timestamp, operation, …) plus Strata's own. */
export interface CommitInfoAction {
  readonly kind: 'commitInfo'
  readonly info: Readonly<Record<string, unknown>>
}

export interface CdcAction {
  readonly kind: 'cdc'
  readonly path: string
  readonly partitionValues: Readonly<Record<string, string | null>>
  readonly size: number
  readonly dataChange: boolean
}

export interface DomainMetadataAction {
  readonly kind: 'domainMetadata'
  readonly domain: string
  readonly configuration: string
  readonly removed: boolean
}

export interface CheckpointMetadataAction {
  readonly kind: 'checkpointMetadata'
  readonly version: number
}

export interface SidecarAction {
  readonly kind: 'sidecar'
  readonly path: string
  readonly sizeInBytes: number
  readonly modificationTime: number
}

/** One line of a Delta commit file or one row of a checkpoint, validated. */
export type Action =
  | AddAction
  | RemoveAction
  | MetadataAction
  | ProtocolAction
  | TxnAction
  | CommitInfoAction
  | CdcAction
  | DomainMetadataAction
  | CheckpointMetadataAction
  | SidecarAction

export type ActionKind = Action['kind']

type Json = Record<string, unknown>

const parsers: { [K in ActionKind]: (v: Json, at: string) => Extract<Action, { kind: K }> } = {
  add: (v, at) => ({
    kind: 'add',
    path: str(v, 'path', at),
    partitionValues: strMap(v.partitionValues, `${at}.partitionValues`) ?? {},
    size: num(v, 'size', at),
    modificationTime: optNum(v, 'modificationTime', at) ?? 0,
    dataChange: optBool(v, 'dataChange', at) ?? true,
    ...opt('stats', optStr(v, 'stats', at)),
    ...opt('tags', strMap(v.tags, `${at}.tags`)),
    ...opt('deletionVector', dv(v.deletionVector, `${at}.deletionVector`)),
    ...opt('baseRowId', optNum(v, 'baseRowId', at)),
    ...opt('defaultRowCommitVersion', optNum(v, 'defaultRowCommitVersion', at)),
  }),
  remove: (v, at) => ({
    kind: 'remove',
    path: str(v, 'path', at),
    dataChange: optBool(v, 'dataChange', at) ?? true,
    ...opt('deletionTimestamp', optNum(v, 'deletionTimestamp', at)),
    ...opt('extendedFileMetadata', optBool(v, 'extendedFileMetadata', at)),
    ...opt('partitionValues', strMap(v.partitionValues, `${at}.partitionValues`)),
    ...opt('size', optNum(v, 'size', at)),
    ...opt('stats', optStr(v, 'stats', at)),
    ...opt('deletionVector', dv(v.deletionVector, `${at}.deletionVector`)),
  }),
  metaData: (v, at) => {
    const format = (v.format ?? { provider: 'parquet' }) as Json
    return {
      kind: 'metaData',
      id: str(v, 'id', at),
      ...opt('name', optStr(v, 'name', at)),
      ...opt('description', optStr(v, 'description', at)),
      format: {
        provider: optStr(format, 'provider', `${at}.format`) ?? 'parquet',
        options: (strMap(format.options, `${at}.format.options`) ?? {}) as Record<string, string>,
      },
      schemaString: str(v, 'schemaString', at),
      partitionColumns: strList(v.partitionColumns, `${at}.partitionColumns`) ?? [],
      ...opt('createdTime', optNum(v, 'createdTime', at)),
      configuration: (strMap(v.configuration, `${at}.configuration`) ?? {}) as Record<string, string>,
    }
  },
  protocol: (v, at) => ({
    kind: 'protocol',
    minReaderVersion: num(v, 'minReaderVersion', at),
    minWriterVersion: num(v, 'minWriterVersion', at),
    ...opt('readerFeatures', strList(v.readerFeatures, `${at}.readerFeatures`)),
    ...opt('writerFeatures', strList(v.writerFeatures, `${at}.writerFeatures`)),
  }),
  txn: (v, at) => ({
    kind: 'txn',
    appId: str(v, 'appId', at),
    version: num(v, 'version', at),
    ...opt('lastUpdated', optNum(v, 'lastUpdated', at)),
  }),
  commitInfo: (v) => ({ kind: 'commitInfo', info: v }),
  cdc: (v, at) => ({
    kind: 'cdc',
    path: str(v, 'path', at),
    partitionValues: strMap(v.partitionValues, `${at}.partitionValues`) ?? {},
    size: num(v, 'size', at),
    dataChange: optBool(v, 'dataChange', at) ?? false,
  }),
  domainMetadata: (v, at) => ({
    kind: 'domainMetadata',
    domain: str(v, 'domain', at),
    configuration: optStr(v, 'configuration', at) ?? '',
    removed: optBool(v, 'removed', at) ?? false,
  }),
  checkpointMetadata: (v, at) => ({ kind: 'checkpointMetadata', version: num(v, 'version', at) }),
  sidecar: (v, at) => ({
    kind: 'sidecar',
    path: str(v, 'path', at),
    sizeInBytes: num(v, 'sizeInBytes', at),
    modificationTime: optNum(v, 'modificationTime', at) ?? 0,
  }),
}

const kinds = Object.keys(parsers) as ActionKind[]

/**
 * Validates one action object — a parsed JSON line `{"add": {...}}` or a checkpoint row
 * with one non-null action column — and returns it frozen. Unknown action names are
 * ignored (`undefined`), as the protocol asks of readers. `where` names the file and line
 * for error messages.
 */
export function parseAction(row: unknown, where: string): Action | undefined {
  if (typeof row !== 'object' || row === null || Array.isArray(row)) {
    throw new StrataError('corrupt_log', `${where}: an action must be a JSON object`)
  }
  for (const kind of kinds) {
    const value = (row as Json)[kind]
    if (value === undefined || value === null) continue
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new StrataError('corrupt_log', `${where}: action '${kind}' must be an object`)
    }
    return Object.freeze(parsers[kind](value as Json, `${where}: ${kind}`))
  }
  return undefined
}

/** Parses the newline-delimited JSON of one commit file into its actions. */
export function parseCommit(text: string, where: string): Action[] {
  const actions: Action[] = []
  let line = 0
  for (const raw of text.split('\n')) {
    line++
    if (raw.trim() === '') continue
    let json: unknown
    try {
      json = JSON.parse(raw)
    } catch (e) {
      throw new StrataError('corrupt_log', `${where}:${line}: invalid JSON (${(e as Error).message})`, { cause: e })
    }
    const action = parseAction(json, `${where}:${line}`)
    if (action) actions.push(action)
  }
  return actions
}

/** Serialises actions as a commit file: one JSON object per line, in Delta's field names. */
export function serializeCommit(actions: readonly Action[]): string {
  return actions.map((a) => JSON.stringify(toJson(a))).join('\n') + '\n'
}

/** The protocol's JSON form of an action: `{ "<kind>": { ...fields } }`. */
export function toJson(action: Action): Json {
  if (action.kind === 'commitInfo') return { commitInfo: action.info }
  const { kind, ...fields } = action
  return { [kind]: fields }
}

function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V }
}

function str(v: Json, key: string, at: string): string {
  const s = v[key]
  if (typeof s !== 'string') throw new StrataError('corrupt_log', `${at}: field '${key}' must be a string`)
  return s
}

function optStr(v: Json, key: string, at: string): string | undefined {
  const s = v[key]
  if (s === undefined || s === null) return undefined
  if (typeof s !== 'string') throw new StrataError('corrupt_log', `${at}: field '${key}' must be a string`)
  return s
}

function num(v: Json, key: string, at: string): number {
  const n = optNum(v, key, at)
  if (n === undefined) throw new StrataError('corrupt_log', `${at}: field '${key}' is missing`)
  return n
}

// Checkpoint rows carry int64 columns as bigint; JSON commits carry numbers.
function optNum(v: Json, key: string, at: string): number | undefined {
  const n = v[key]
  if (n === undefined || n === null) return undefined
  if (typeof n === 'bigint') return Number(n)
  if (typeof n !== 'number' || !Number.isFinite(n)) {
    throw new StrataError('corrupt_log', `${at}: field '${key}' must be a number`)
  }
  return n
}

function optBool(v: Json, key: string, at: string): boolean | undefined {
  const b = v[key]
  if (b === undefined || b === null) return undefined
  if (typeof b !== 'boolean') throw new StrataError('corrupt_log', `${at}: field '${key}' must be a boolean`)
  return b
}

function strList(v: unknown, at: string): string[] | undefined {
  if (v === undefined || v === null) return undefined
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) {
    throw new StrataError('corrupt_log', `${at} must be a list of strings`)
  }
  return v as string[]
}

// Maps arrive as JSON objects in commits and as objects or [key, value] entries in checkpoints.
function strMap(v: unknown, at: string): Record<string, string | null> | undefined {
  if (v === undefined || v === null) return undefined
  const entries = v instanceof Map ? [...v.entries()] : Array.isArray(v) ? v.map((e) => (Array.isArray(e) ? e : [e?.key, e?.value])) : typeof v === 'object' ? Object.entries(v) : undefined
  if (!entries) throw new StrataError('corrupt_log', `${at} must be a map of strings`)
  const out: Record<string, string | null> = {}
  for (const [k, val] of entries) {
    if (typeof k !== 'string' || (val !== null && val !== undefined && typeof val !== 'string')) {
      throw new StrataError('corrupt_log', `${at} must be a map of strings`)
    }
    out[k] = val ?? null
  }
  return out
}

function dv(v: unknown, at: string): DeletionVectorDescriptor | undefined {
  if (v === undefined || v === null) return undefined
  if (typeof v !== 'object') throw new StrataError('corrupt_log', `${at} must be an object`)
  const d = v as Json
  const storageType = str(d, 'storageType', at)
  if (storageType !== 'u' && storageType !== 'p' && storageType !== 'i') {
    throw new StrataError('corrupt_log', `${at}: storageType '${storageType}' is not one of u, p, i`)
  }
  return {
    storageType,
    pathOrInlineDv: str(d, 'pathOrInlineDv', at),
    ...opt('offset', optNum(d, 'offset', at)),
    sizeInBytes: num(d, 'sizeInBytes', at),
    cardinality: num(d, 'cardinality', at),
  }
}
