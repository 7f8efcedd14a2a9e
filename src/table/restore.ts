import { StrataError } from '../core/errors.ts'
import type { BlobStore } from '../io/blob-store.ts'
import type { Action } from './actions.ts'
import { checkWritable } from './features.ts'
import { fileKey } from './log-segment.ts'
import { loadSnapshot, type SnapshotAt } from './snapshot.ts'
import { commit } from './transaction.ts'

export interface RestoreResult {
  readonly version: number
  readonly restoredTo: number
  readonly filesAdded: number
  readonly filesRemoved: number
}

/**
 * Makes an earlier version the latest again, as a new commit: files of the latest version
 * that the target lacks are removed, files of the target that the latest lacks are added
 * back, and the target's metadata is restored. Refused when vacuum already deleted a file
 * the target needs. A concurrent commit makes it fail with a conflict error.
 */
export async function restoreTable(store: BlobStore, to: Exclude<SnapshotAt, undefined>): Promise<RestoreResult> {
  const where = store.describe('')
  const [latest, target] = await Promise.all([loadSnapshot(store), loadSnapshot(store, to)])
  checkWritable(latest.protocol, latest.metadata)
  const latestPaths = new Set(latest.files.map((f) => f.path))
  const targetPaths = new Set(target.files.map((f) => f.path))
  const toAdd = target.files.filter((f) => !latestPaths.has(f.path))
  for (const f of toAdd) {
    if (!(await store.stat(fileKey(f.path)))) {
      throw new StrataError('not_found', `${where}: cannot restore to version ${target.version}: data file '${f.path}' was deleted (by vacuum?)`)
    }
  }
  const now = Date.now()
  const actions: Action[] = [
    ...(latest.metadata.schemaString !== target.metadata.schemaString || latest.metadata.id !== target.metadata.id ? [target.metadata] : []),
    ...latest.files.filter((f) => !targetPaths.has(f.path)).map((f): Action => ({
      kind: 'remove', path: f.path, deletionTimestamp: now, dataChange: true, extendedFileMetadata: true, partitionValues: f.partitionValues, size: f.size, ...(f.stats ? { stats: f.stats } : {}),
    })),
    ...toAdd.map((f): Action => ({ ...f, dataChange: true, modificationTime: now })),
  ]
  const removed = actions.filter((a) => a.kind === 'remove').length
  const result = await commit(store, {
    readVersion: latest.version,
    actions,
    operation: 'RESTORE',
    operationParameters: { version: target.version },
    operationMetrics: { numRestoredFiles: String(toAdd.length), numRemovedFiles: String(removed) },
    isBlindAppend: false,
  })
  if (result.status === 'conflict') throw new StrataError('conflict', `${where}: restore to version ${target.version} conflicts: ${result.reason}; run it again`)
  return { version: result.version, restoredTo: target.version, filesAdded: toAdd.length, filesRemoved: removed }
}
