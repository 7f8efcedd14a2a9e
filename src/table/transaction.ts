import { STRATA_VERSION } from '../core/version.ts'
import type { BlobStore } from '../io/blob-store.ts'
import type { Action } from './actions.ts'
import { serializeCommit } from './actions.ts'
import { writeCheckpoint } from './checkpoint-write.ts'
import { commitKey, readCommit } from './commit-file.ts'

/** What a commit came to: the version it landed as, or the winner it conflicts with and why. */
export type CommitResult =
  | { readonly status: 'committed'; readonly version: number }
  | { readonly status: 'conflict'; readonly version: number; readonly reason: string }

export interface CommitRequest {
  /** The version the actions were computed from; -1 to create the table. */
  readonly readVersion: number
  /** Data, metadata and txn actions; `commit` adds the commitInfo. */
  readonly actions: readonly Action[]
  /** Delta's operation name: WRITE, CREATE TABLE, RESTORE, … */
  readonly operation: string
  readonly operationParameters?: Readonly<Record<string, unknown>>
  readonly operationMetrics?: Readonly<Record<string, string>>
  /** True when the commit only adds files and reads nothing: it can be rebased over any other append. */
  readonly isBlindAppend: boolean
  /** Strata's own provenance (run id, recipe hash, ingestion record, …), stored under `commitInfo.strata`. */
  readonly strata?: Readonly<Record<string, unknown>>
}

/** Checkpoints are written after every commit whose version is a multiple of this. */
export const CHECKPOINT_INTERVAL = 10

/**
 * Commits actions as the next version with optimistic concurrency: the commit is a
 * put-if-absent of `_delta_log/<version>.json`. When another writer took that version,
 * its actions are checked against ours: if they do not conflict logically the commit is
 * rebased onto it and retried, otherwise the conflict comes back as a value.
 */
export async function commit(store: BlobStore, request: CommitRequest): Promise<CommitResult> {
  let version = request.readVersion + 1
  for (;;) {
    const info = commitInfo(request, version - 1)
    const bytes = new TextEncoder().encode(serializeCommit([info, ...request.actions]))
    if (await store.putIfAbsent(commitKey(version), bytes)) {
      if (version > 0 && version % CHECKPOINT_INTERVAL === 0) await checkpointQuietly(store, version)
      return { status: 'committed', version }
    }
    const winner = await readCommit(store, version)
    const reason = winner ? conflictWith(request, winner, version) : `version ${version} exists but could not be read`
    if (reason) return { status: 'conflict', version, reason }
    version++
  }
}

/** Why our request cannot be rebased over the winning commit, or `undefined` when it can. */
function conflictWith(request: CommitRequest, winner: readonly Action[], version: number): string | undefined {
  if (request.readVersion < 0) return `the table was created concurrently (version ${version})`
  const ourTxns = new Set<string>()
  const ourRemoves = new Set<string>()
  for (const a of request.actions) {
    if (a.kind === 'txn') ourTxns.add(a.appId)
    else if (a.kind === 'remove') ourRemoves.add(a.path)
  }
  for (const a of winner) {
    if (a.kind === 'metaData') return `the table's metadata changed in version ${version}`
    if (a.kind === 'protocol') return `the table's protocol changed in version ${version}`
    if (a.kind === 'txn' && ourTxns.has(a.appId)) return `application '${a.appId}' committed version ${a.version} concurrently (table version ${version})`
    if (a.kind === 'remove' && ourRemoves.has(a.path)) return `file '${a.path}' was removed concurrently by version ${version}`
  }
  return undefined
}

function commitInfo(request: CommitRequest, readVersion: number): Action {
  return {
    kind: 'commitInfo',
    info: {
      timestamp: Date.now(),
      operation: request.operation,
      operationParameters: request.operationParameters ?? {},
      ...(readVersion >= 0 ? { readVersion } : {}),
      isolationLevel: 'WriteSerializable',
      isBlindAppend: request.isBlindAppend,
      operationMetrics: request.operationMetrics ?? {},
      engineInfo: `strata/${STRATA_VERSION}`,
      ...(request.strata ? { strata: request.strata } : {}),
    },
  }
}

// The commit has landed; a checkpoint is only an accelerator, so failing to write one is
// reported, not thrown — the next multiple of the interval tries again.
async function checkpointQuietly(store: BlobStore, version: number): Promise<void> {
  try {
    await writeCheckpoint(store, version)
  } catch (e) {
    process.emitWarning(`checkpoint of version ${version} in ${store.describe('')} failed: ${(e as Error).message}`)
  }
}
