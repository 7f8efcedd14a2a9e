import type { BlobStore } from '../io/blob-store.ts'
import { LOG_DIR } from './commit-file.ts'
import { fileKey } from './log-segment.ts'
import { loadSnapshot } from './snapshot.ts'

/** How long removed files stay for time travel before vacuum may delete them: 7 days, as Delta's default. */
export const DEFAULT_RETENTION_HOURS = 168

export interface VacuumOptions {
  /** Files younger than this are kept, and so are files removed less than this ago (time travel). Default 168 (7 days). */
  readonly retentionHours?: number
  /** List what would be deleted without deleting it. */
  readonly dryRun?: boolean
  /** The clock, in ms; tests move it. */
  readonly now?: number
}

export interface VacuumResult {
  readonly files: readonly { readonly key: string; readonly size: number }[]
  readonly dryRun: boolean
}

/**
 * Deletes files in the table folder that the latest version does not reference, whose
 * modification time is older than the retention window, and that no tombstone younger
 * than the window protects. The log, and names starting with `_` or `.`, are never touched.
 */
export async function vacuumTable(store: BlobStore, options: VacuumOptions = {}): Promise<VacuumResult> {
  const now = options.now ?? Date.now()
  const cutoff = now - (options.retentionHours ?? DEFAULT_RETENTION_HOURS) * 3_600_000
  const snapshot = await loadSnapshot(store)
  const keep = new Set(snapshot.files.map((f) => fileKey(f.path)))
  for (const t of snapshot.tombstones) {
    if ((t.deletionTimestamp ?? now) > cutoff) keep.add(fileKey(t.path))
  }
  const files = (await store.list(''))
    .filter((b) => !b.key.startsWith(`${LOG_DIR}/`) && !/(^|\/)[_.]/.test(b.key))
    .filter((b) => !keep.has(b.key) && b.modified < cutoff)
    .map((b) => ({ key: b.key, size: b.size }))
  if (!options.dryRun) {
    for (const f of files) await store.delete(f.key)
  }
  return { files, dryRun: options.dryRun === true }
}
