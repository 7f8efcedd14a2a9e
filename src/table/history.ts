import { StrataError } from '../core/errors.ts'
import { mapBounded } from '../core/map-bounded.ts'
import type { BlobStore } from '../io/blob-store.ts'
import { readCommit } from './commit-file.ts'
import { commitTimestamp } from './commit-time.ts'
import { listLog } from './log-segment.ts'

/** One version of a table as its commit describes it. */
export interface CommitSummary {
  readonly version: number
  /** ms since the epoch; see `commitTimestamp`. */
  readonly timestamp: number
  /** `commitInfo.operation` such as `WRITE` or `MERGE`; `UNKNOWN` when the commit does not say. */
  readonly operation: string
  /** As the writer recorded them: Delta writers store JSON-encoded strings. */
  readonly operationParameters: Readonly<Record<string, unknown>>
  readonly operationMetrics: Readonly<Record<string, unknown>>
  readonly engineInfo?: string
  /** The whole commitInfo, `{}` for a commit without one. */
  readonly info: Readonly<Record<string, unknown>>
}

const COMMIT_READS = 32

/**
 * The table's versions, newest first, at most `limit` of them. Versions whose commit file
 * log cleanup removed are absent; a commit without commitInfo is listed with what is known.
 */
export async function readHistory(store: BlobStore, opts: { readonly limit?: number } = {}): Promise<CommitSummary[]> {
  const limit = opts.limit ?? Number.POSITIVE_INFINITY
  if (!(limit >= 0)) throw new StrataError('invalid_argument', `history limit ${limit} must be zero or more`)
  const listing = await listLog(store)
  const versions = [...listing.commits.keys()].sort((a, b) => b - a).slice(0, limit)
  const summaries = await mapBounded(versions, COMMIT_READS, async (version): Promise<CommitSummary | undefined> => {
    const file = listing.commits.get(version)!
    const actions = await readCommit(store, version)
    // Cleanup may remove a commit between listing and reading it.
    if (actions === undefined) return undefined
    const info = actions?.find((a) => a.kind === 'commitInfo')?.info ?? {}
    return {
      version,
      timestamp: commitTimestamp(file, info),
      operation: typeof info.operation === 'string' ? info.operation : 'UNKNOWN',
      operationParameters: record(info.operationParameters),
      operationMetrics: record(info.operationMetrics),
      ...(typeof info.engineInfo === 'string' ? { engineInfo: info.engineInfo } : {}),
      info,
    }
  })
  return summaries.filter((s) => s !== undefined)
}

function record(v: unknown): Readonly<Record<string, unknown>> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {}
}
