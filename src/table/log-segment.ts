import { StrataError, isStrataError } from '../core/errors.ts'
import { checkKey, type BlobInfo, type BlobStore } from '../io/blob-store.ts'
import { LOG_DIR } from './commit-file.ts'

/** The naming scheme of a checkpoint: `n.checkpoint.parquet`, `n.checkpoint.o.p.parquet` or `n.checkpoint.<uuid>.json|parquet`. */
export type CheckpointKind = 'classic' | 'multi-part' | 'v2'

/** One checkpoint found in the log. A multi-part checkpoint with absent parts is incomplete and never read. */
export interface CheckpointRef {
  readonly version: number
  readonly kind: CheckpointKind
  /** The files present, in part order; one for classic and V2 checkpoints. */
  readonly files: readonly BlobInfo[]
  /** Keys of the parts that are absent; empty when the checkpoint is complete. */
  readonly missing: readonly string[]
}

/** What a listing of `_delta_log/` found. */
export interface LogListing {
  /** Commit files by version. */
  readonly commits: ReadonlyMap<number, BlobInfo>
  /** Complete and incomplete checkpoints by ascending version; within a version, the one to prefer comes last. */
  readonly checkpoints: readonly CheckpointRef[]
  /** False when only versions from a `_last_checkpoint` hint onwards were listed. */
  readonly complete: boolean
}

/** A commit file to replay and the version it holds. */
export interface CommitRef {
  readonly version: number
  readonly file: BlobInfo
}

/**
 * The files that make up the snapshot at `version`: the newest complete checkpoint at or
 * below it (if any) and every commit after that checkpoint up to `version`, contiguous.
 */
export interface LogSegment {
  readonly version: number
  readonly checkpoint: CheckpointRef | undefined
  /** Ascending; starts right after the checkpoint, or at 0 without one. */
  readonly commits: readonly CommitRef[]
  /** The commit file of `version` itself, when log cleanup left it (for its timestamp and commitInfo). */
  readonly tip: BlobInfo | undefined
}

const COMMIT = /^(\d{20})\.json$/
const CLASSIC = /^(\d{20})\.checkpoint\.parquet$/
const MULTI_PART = /^(\d{20})\.checkpoint\.(\d{10})\.(\d{10})\.parquet$/
const UUID_NAMED = /^(\d{20})\.checkpoint\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.(?:json|parquet)$/i
const kindOrder: { [K in CheckpointKind]: number } = { v2: 0, classic: 1, 'multi-part': 2 }

// Listing `_delta_log/` in blocks of 1000 versions (a 17-digit name prefix) lets a reader
// with a `_last_checkpoint` hint skip the older part of a long log.
const BLOCK = 1000
const BLOCK_DIGITS = 17

/**
 * Lists the whole of `_delta_log/`: commits and checkpoints; other files are ignored.
 * Throws `not_a_table` when there are none.
 */
export async function listLog(store: BlobStore): Promise<LogListing> {
  const listing = parseListing(await store.list(`${LOG_DIR}/`), true)
  if (listing.commits.size === 0 && listing.checkpoints.length === 0) throw notATable(store.describe(''))
  return listing
}

/**
 * The log segment of the snapshot at `version` (the latest when omitted). A readable
 * `_last_checkpoint` narrows the listing to the versions from its checkpoint onwards; a
 * corrupt, stale or wrong hint costs a full listing, never a wrong answer, because any
 * segment the narrow listing cannot plan is planned again from the full one.
 */
export async function readLogSegment(store: BlobStore, version?: number): Promise<LogSegment> {
  const hint = await readCheckpointHint(store)
  if (hint !== undefined && hint >= BLOCK && (version === undefined || version >= hint)) {
    try {
      return planSegment(await listFrom(store, hint), store.describe(''), version)
    } catch (e) {
      if (!isStrataError(e)) throw e
    }
  }
  return planSegment(await listLog(store), store.describe(''), version)
}

/** The oldest and newest version a snapshot can be built at, or `undefined` when there is none. */
export function availableVersions(listing: LogListing): { readonly earliest: number; readonly latest: number } | undefined {
  const complete = listing.checkpoints.filter((c) => c.missing.length === 0).map((c) => c.version)
  const earliest = listing.commits.has(0) ? 0 : complete[0]
  if (earliest === undefined) return undefined
  return { earliest, latest: Math.max(lastOf(listing.commits.keys()), complete.at(-1) ?? -1) }
}

/**
 * Chooses the files to replay for `version` (the latest when omitted); pure. `table`
 * names the table in error messages.
 */
export function planSegment(listing: LogListing, table: string, version?: number): LogSegment {
  const range = availableVersions(listing)
  if (range === undefined) throw noStart(listing, table)
  const target = version ?? range.latest
  if (!Number.isSafeInteger(target) || target < range.earliest || target > range.latest) {
    throw new StrataError('version_not_found', `version ${target} of '${table}' does not exist: available versions are ${range.earliest} to ${range.latest}`)
  }
  const checkpoint = listing.checkpoints.findLast((c) => c.version <= target && c.missing.length === 0)
  if (checkpoint === undefined && !listing.complete) {
    throw new StrataError('version_not_found', `version ${target} of '${table}' is older than the listed part of the log`)
  }
  const commits: CommitRef[] = []
  for (let v = checkpoint === undefined ? 0 : checkpoint.version + 1; v <= target; v++) {
    const file = listing.commits.get(v)
    if (file === undefined) throw gap(listing, table, v, target)
    commits.push({ version: v, file })
  }
  return { version: target, checkpoint, commits, tip: listing.commits.get(target) }
}

function noStart(listing: LogListing, table: string): StrataError {
  const incomplete = listing.checkpoints.at(-1)
  if (incomplete !== undefined) {
    return new StrataError(
      'corrupt_log',
      `'${table}' cannot be read: checkpoint ${incomplete.version} is missing part file '${incomplete.missing[0]}', and no older checkpoint or commit 0 can replace it`,
    )
  }
  if (listing.commits.size === 0) return notATable(table)
  let first = Number.POSITIVE_INFINITY
  for (const v of listing.commits.keys()) first = Math.min(first, v)
  return new StrataError('versions_not_contiguous', `'${table}' has no checkpoint and its log starts at version ${first}: commits 0 to ${first - 1} are missing`)
}

// Spreading a long log into Math.max would overflow the argument stack.
function lastOf(versions: Iterable<number>): number {
  let last = -1
  for (const v of versions) last = Math.max(last, v)
  return last
}

function notATable(table: string): StrataError {
  return new StrataError('not_a_table', `'${table}' is not a Delta table: no _delta_log folder`)
}

function gap(listing: LogListing, table: string, from: number, target: number): StrataError {
  let to = from
  while (to < target && !listing.commits.has(to + 1)) to++
  const missing = from === to ? `commit ${from} is missing` : `commits ${from} to ${to} are missing`
  return new StrataError('versions_not_contiguous', `'${table}' log is not contiguous: ${missing} before version ${to + 1}`)
}

// `_last_checkpoint` is only a hint: anything unreadable means "no hint".
async function readCheckpointHint(store: BlobStore): Promise<number | undefined> {
  try {
    const json = JSON.parse(new TextDecoder().decode(await store.read(`${LOG_DIR}/_last_checkpoint`))) as unknown
    const version = (json as { version?: unknown } | null)?.version
    return Number.isSafeInteger(version) && (version as number) >= 0 ? (version as number) : undefined
  } catch (e) {
    if (e instanceof SyntaxError || isStrataError(e, 'not_found')) return undefined
    throw e
  }
}

// Lists block after block from the hint's; versions are contiguous, so a block without
// its last version is the end of the log.
async function listFrom(store: BlobStore, version: number): Promise<LogListing> {
  const infos: BlobInfo[] = []
  for (let block = Math.floor(version / BLOCK); ; block++) {
    const listed = await store.list(`${LOG_DIR}/${String(block).padStart(BLOCK_DIGITS, '0')}`)
    infos.push(...listed)
    const last = `${String(block * BLOCK + BLOCK - 1).padStart(20, '0')}.`
    if (!listed.some((f) => f.key.startsWith(`${LOG_DIR}/${last}`))) break
  }
  return parseListing(infos, false)
}

function parseListing(infos: readonly BlobInfo[], complete: boolean): LogListing {
  const commits = new Map<number, BlobInfo>()
  const checkpoints: CheckpointRef[] = []
  const parts = new Map<string, (BlobInfo | undefined)[]>()
  for (const info of infos) {
    const name = info.key.slice(LOG_DIR.length + 1)
    let m: RegExpExecArray | null
    if ((m = COMMIT.exec(name))) commits.set(Number(m[1]), info)
    else if ((m = CLASSIC.exec(name))) checkpoints.push({ version: Number(m[1]), kind: 'classic', files: [info], missing: [] })
    else if ((m = UUID_NAMED.exec(name))) checkpoints.push({ version: Number(m[1]), kind: 'v2', files: [info], missing: [] })
    else if ((m = MULTI_PART.exec(name))) {
      const [part, of] = [Number(m[2]), Number(m[3])]
      if (part < 1 || part > of) continue
      const id = `${m[1]}.${m[3]}`
      const slots = parts.get(id) ?? new Array<BlobInfo | undefined>(of).fill(undefined)
      slots[part - 1] = info
      parts.set(id, slots)
    }
  }
  for (const [id, slots] of parts) {
    const [version, of] = id.split('.')
    const missing = slots.flatMap((s, i) => (s ? [] : [`${LOG_DIR}/${version}.checkpoint.${String(i + 1).padStart(10, '0')}.${of}.parquet`]))
    checkpoints.push({ version: Number(version), kind: 'multi-part', files: slots.filter((s) => s !== undefined), missing })
  }
  checkpoints.sort((a, b) => a.version - b.version || b.missing.length - a.missing.length || kindOrder[b.kind] - kindOrder[a.kind])
  return { commits, checkpoints, complete }
}

/**
 * The store key, relative to the table root, of a file an `add`, `remove` or `sidecar`
 * action names. `path` is a percent-encoded URI as the log stores it, relative to the table
 * or absolute; an absolute one is accepted only when it lies inside `tableRoot` (the
 * table's location as `store.describe('')` gives it). Paths leaving the table are refused
 * with `unsupported_feature`; malformed percent-escapes are `corrupt_log`.
 */
export function fileKey(path: string, tableRoot?: string): string {
  const absolute = /^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('/')
  let decoded: string
  try {
    decoded = decodeURIComponent(absolute ? path.replace(/^file:(\/\/(?=\/))?/i, '') : path)
  } catch (e) {
    throw new StrataError('corrupt_log', `file path '${path}' has an invalid percent-escape`, { cause: e })
  }
  const root = tableRoot?.replace(/\/+$/, '')
  if (absolute && (root === undefined || !decoded.startsWith(`${root}/`))) {
    throw new StrataError('unsupported_feature', `file path '${path}' is an absolute URI outside the table; Strata reads only files inside the table folder`)
  }
  const key = absolute ? decoded.slice(root!.length + 1) : decoded
  try {
    return checkKey(key)
  } catch (e) {
    throw new StrataError('unsupported_feature', `file path '${path}' points outside the table; Strata reads only files inside the table folder`, { cause: e })
  }
}
