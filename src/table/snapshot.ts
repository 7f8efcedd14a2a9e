import type { BlobStore } from '../io/blob-store.ts'
import type { AddAction, DomainMetadataAction, MetadataAction, ProtocolAction, RemoveAction } from './actions.ts'
import { readCommit } from './commit-file.ts'
import { commitTimestamp, versionAtTimestamp } from './commit-time.ts'
import { checkReadable } from './features.ts'
import { listLog, planSegment, readLogSegment, type LogSegment } from './log-segment.ts'
import { replaySegment } from './replay.ts'
import { parseSchema, type StructType } from './schema.ts'

/** Which version to read: the latest, a version number, or the last version committed at or before a time (ms). */
export type SnapshotAt = { readonly version: number } | { readonly timestamp: number } | undefined

/**
 * The state of a Delta table at one version, reconstructed from its log. Immutable.
 * `store` is rooted at the table folder (the parent of `_delta_log/`).
 */
export interface Snapshot {
  readonly store: BlobStore
  readonly version: number
  /** The commit's time in ms: its `commitInfo.inCommitTimestamp` when it has one, else the commit file's modification time. */
  readonly timestamp: number
  readonly protocol: ProtocolAction
  readonly metadata: MetadataAction
  /** The logical schema, parsed from `metadata.schemaString`. */
  readonly schema: StructType
  /** The active data files, in the order they were first added (checkpoint order, then commit order). */
  readonly files: readonly AddAction[]
  /** The remove actions the log still holds, expired or not: vacuum and checkpoints judge their `deletionTimestamp` against the retention window. */
  readonly tombstones: readonly RemoveAction[]
  /** The latest `txn` version per application id. */
  readonly txns: ReadonlyMap<string, number>
  readonly domains: ReadonlyMap<string, DomainMetadataAction>
  /** Version of the checkpoint replay started from, or -1 when it replayed JSON commits only. */
  readonly checkpointVersion: number
}

/**
 * Reconstructs the table at `at` (the latest version when omitted) from its log: the
 * newest usable checkpoint, then the commits after it. Throws `not_a_table`,
 * `version_not_found`, `versions_not_contiguous` or `corrupt_log` when the log cannot give
 * that version, and `unsupported_feature` when the table needs a reader feature Strata
 * lacks.
 */
export async function loadSnapshot(store: BlobStore, at?: SnapshotAt): Promise<Snapshot> {
  let segment: LogSegment
  if (at !== undefined && 'timestamp' in at) {
    const listing = await listLog(store)
    segment = planSegment(listing, store.describe(''), await versionAtTimestamp(store, listing, at.timestamp))
  } else {
    segment = await readLogSegment(store, at?.version)
  }
  const log = await replaySegment(store, segment)
  checkReadable(log.protocol)
  const schema = parseSchema(log.metadata.schemaString, `${store.describe('')}: metaData.schemaString`)
  let timestamp = segment.checkpoint?.files[0]?.modified ?? 0
  if (segment.tip !== undefined) {
    // A snapshot read from a checkpoint alone has not read its own commit; only an
    // in-commit timestamp makes that read worth it.
    const ict = segment.commits.length === 0 && log.metadata.configuration['delta.enableInCommitTimestamps'] === 'true'
    const info = ict ? (await readCommit(store, segment.version))?.find((a) => a.kind === 'commitInfo')?.info : log.commitInfo?.info
    timestamp = commitTimestamp(segment.tip, info)
  }
  return Object.freeze({
    store,
    version: segment.version,
    timestamp,
    protocol: log.protocol,
    metadata: log.metadata,
    schema,
    files: Object.freeze([...log.files.values()]),
    tombstones: Object.freeze([...log.tombstones.values()]),
    txns: log.txns,
    domains: log.domains,
    checkpointVersion: segment.checkpoint?.version ?? -1,
  })
}
