import { StrataError } from '../core/errors.ts'
import type { BlobStore } from '../io/blob-store.ts'
import type {
  Action,
  ActionKind,
  AddAction,
  CommitInfoAction,
  DeletionVectorDescriptor,
  DomainMetadataAction,
  MetadataAction,
  ProtocolAction,
  RemoveAction,
} from './actions.ts'
import { readCheckpoint } from './checkpoint-read.ts'
import { readCommit } from './commit-file.ts'
import type { CommitRef, LogSegment } from './log-segment.ts'

/** The table state a log segment reconciles to (PROTOCOL.md, "Action Reconciliation"). */
export interface ReplayedLog {
  readonly protocol: ProtocolAction
  readonly metadata: MetadataAction
  /** Active files by logical file id, in the order they were first added. */
  readonly files: ReadonlyMap<string, AddAction>
  /** Tombstones by logical file id, whatever their age: expiry is the caller's decision. */
  readonly tombstones: ReadonlyMap<string, RemoveAction>
  readonly txns: ReadonlyMap<string, number>
  /** Live domains; removed ones are dropped. */
  readonly domains: ReadonlyMap<string, DomainMetadataAction>
  /** The commitInfo of the commit at the segment's version, when replay read that commit. */
  readonly commitInfo: CommitInfoAction | undefined
}

interface State {
  protocol?: ProtocolAction
  metadata?: MetadataAction
  readonly files: Map<string, AddAction>
  readonly tombstones: Map<string, RemoveAction>
  readonly txns: Map<string, number>
  readonly domains: Map<string, DomainMetadataAction>
}

const ignore = () => {}

// Later actions win: the segment is applied oldest first.
const apply: { [K in ActionKind]: (s: State, a: Extract<Action, { kind: K }>) => void } = {
  add: (s, a) => {
    const id = fileId(a.path, a.deletionVector)
    s.tombstones.delete(id)
    s.files.set(id, a)
  },
  remove: (s, a) => {
    const id = fileId(a.path, a.deletionVector)
    s.files.delete(id)
    s.tombstones.set(id, a)
  },
  metaData: (s, a) => {
    s.metadata = a
  },
  protocol: (s, a) => {
    s.protocol = a
  },
  txn: (s, a) => {
    s.txns.set(a.appId, a.version)
  },
  domainMetadata: (s, a) => {
    if (a.removed) s.domains.delete(a.domain)
    else s.domains.set(a.domain, a)
  },
  // Only the snapshot version's commitInfo matters; replaySegment picks it from that commit.
  commitInfo: ignore,
  // Change data is for change-feed readers, not for the table state.
  cdc: ignore,
  // V2 checkpoint bookkeeping; checkpoint-read has already followed the sidecars.
  checkpointMetadata: ignore,
  sidecar: ignore,
}

// Commit files are small and many; reading this many at once hides per-read latency
// without holding much of the log in memory.
const COMMIT_READS = 32

/**
 * Reads and reconciles the checkpoint and commits of `segment`: the latest protocol and
 * metadata win, a logical file is `(path, deletion vector id)` and its newest action
 * decides whether it is active or a tombstone, the latest `txn` per application wins,
 * removed domains disappear. Throws `corrupt_log` when protocol or metadata is missing.
 */
export async function replaySegment(store: BlobStore, segment: LogSegment): Promise<ReplayedLog> {
  const state: State = { files: new Map(), tombstones: new Map(), txns: new Map(), domains: new Map() }
  const checkpoint = segment.checkpoint ? readCheckpoint(store, segment.checkpoint) : Promise.resolve([])
  checkpoint.catch(ignore)
  const nextCommit = readAhead(store, segment.commits)
  applyAll(state, await checkpoint)
  let last: readonly Action[] = []
  for (let actions = await nextCommit(); actions !== undefined; actions = await nextCommit()) {
    applyAll(state, actions)
    last = actions
  }
  const { protocol, metadata } = state
  if (protocol === undefined) throw missing(store, segment, 'protocol')
  if (metadata === undefined) throw missing(store, segment, 'metaData')
  const tipRead = segment.commits.at(-1)?.version === segment.version
  const commitInfo = tipRead ? last.find((a): a is CommitInfoAction => a.kind === 'commitInfo') : undefined
  return { ...state, protocol, metadata, commitInfo }
}

/**
 * The id of a logical file: its path (with `file:` URIs of an empty authority written as
 * plain absolute paths, so both spellings meet) and its deletion vector's unique id.
 */
function fileId(path: string, dv: DeletionVectorDescriptor | undefined): string {
  const canonical = path.replace(/^file:(\/\/(?=\/))?/i, '')
  if (dv === undefined) return canonical
  return `${canonical}\u0000${dv.storageType}${dv.pathOrInlineDv}${dv.offset === undefined ? '' : `@${dv.offset}`}`
}

function applyAll(state: State, actions: readonly Action[]): void {
  for (const a of actions) (apply[a.kind] as (s: State, a: Action) => void)(state, a)
}

// Starts reading at once, keeps up to COMMIT_READS commits in flight, and hands their
// actions out in version order; `undefined` after the last one.
function readAhead(store: BlobStore, commits: readonly CommitRef[]): () => Promise<Action[] | undefined> {
  const pending: Promise<Action[]>[] = []
  let next = 0
  const fill = () => {
    while (pending.length < COMMIT_READS && next < commits.length) {
      const p = readPresent(store, commits[next++]!)
      // Awaited in order by the caller; this only keeps a failure from going unhandled meanwhile.
      p.catch(ignore)
      pending.push(p)
    }
  }
  fill()
  return async () => {
    const p = pending.shift()
    fill()
    return p
  }
}

async function readPresent(store: BlobStore, commit: CommitRef): Promise<Action[]> {
  const actions = await readCommit(store, commit.version)
  if (actions === undefined) {
    throw new StrataError('corrupt_log', `commit file '${store.describe(commit.file.key)}' was listed but has disappeared; was the log cleaned up while reading?`)
  }
  return actions
}

function missing(store: BlobStore, segment: LogSegment, kind: 'protocol' | 'metaData'): StrataError {
  const sources: string[] = []
  if (segment.checkpoint) sources.push(`checkpoint ${segment.checkpoint.files.map((f) => `'${f.key}'`).join(', ')}`)
  const [first, last] = [segment.commits[0]?.version, segment.commits.at(-1)?.version]
  if (first !== undefined) sources.push(first === last ? `commit ${first}` : `commits ${first} to ${last}`)
  return new StrataError('corrupt_log', `'${store.describe('')}' has no ${kind} action at version ${segment.version}: none in ${sources.join(' or ')}`)
}
