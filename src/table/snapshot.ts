import type { BlobStore } from '../io/blob-store.ts'
import type { AddAction, DomainMetadataAction, MetadataAction, ProtocolAction, RemoveAction } from './actions.ts'
import type { StructType } from './schema.ts'

/** Which version to read: the latest, a version number, or the last version committed at or before a time (ms). */
export type SnapshotAt = { readonly version: number } | { readonly timestamp: number } | undefined

/**
 * The state of a Delta table at one version, reconstructed from its log. Immutable.
 * `store` is rooted at the table folder (the parent of `_delta_log/`).
 */
export interface Snapshot {
  readonly store: BlobStore
  readonly version: number
  /** The commit's time in ms: `commitInfo.inCommitTimestamp`/`timestamp`, else the commit file's modification time. */
  readonly timestamp: number
  readonly protocol: ProtocolAction
  readonly metadata: MetadataAction
  /** The logical schema, parsed from `metadata.schemaString`. */
  readonly schema: StructType
  /** The active data files, in the order they were first added (checkpoint order, then commit order). */
  readonly files: readonly AddAction[]
  /** Remove actions not yet expired: what vacuum must keep until the retention window passes. */
  readonly tombstones: readonly RemoveAction[]
  /** The latest `txn` version per application id. */
  readonly txns: ReadonlyMap<string, number>
  readonly domains: ReadonlyMap<string, DomainMetadataAction>
  /** Version of the checkpoint replay started from, or -1 when it replayed JSON commits only. */
  readonly checkpointVersion: number
}
