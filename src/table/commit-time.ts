import { StrataError } from '../core/errors.ts'
import type { BlobInfo, BlobStore } from '../io/blob-store.ts'
import { readCommit } from './commit-file.ts'
import { availableVersions, planSegment, type LogListing } from './log-segment.ts'

/**
 * When a commit happened, in ms since the epoch: its `inCommitTimestamp` when the commit
 * carries one (the table had in-commit timestamps enabled), else the commit file's
 * modification time, which copying or restoring files can change.
 */
export function commitTimestamp(file: BlobInfo, commitInfo: Readonly<Record<string, unknown>> | undefined): number {
  return inCommitTimestamp(commitInfo) ?? file.modified
}

/**
 * The last version committed at or before `timestamp` (ms), among the commits `listing`
 * holds from the oldest readable version on. Follows PROTOCOL.md "In-Commit Timestamps":
 * commits from the one that enabled them onwards are searched by `inCommitTimestamp`
 * (monotonic, so by bisection, reading O(log n) commits); older ones, or all of them on a
 * table without in-commit timestamps, by file modification time. Throws
 * `version_not_found` when `timestamp` is before the first readable commit.
 */
export async function versionAtTimestamp(store: BlobStore, listing: LogListing, timestamp: number): Promise<number> {
  const table = store.describe('')
  const range = availableVersions(listing)
  // Without a readable version, planning throws the error that says why.
  if (range === undefined) return planSegment(listing, table).version
  const versions = [...listing.commits.keys()].filter((v) => v >= range.earliest).sort((a, b) => a - b)
  const read = new Map<number, Promise<number | undefined>>()
  const ict = (i: number): Promise<number | undefined> => {
    const v = versions[i]!
    if (!read.has(v)) read.set(v, readCommit(store, v).then((actions) => inCommitTimestamp(actions?.find((a) => a.kind === 'commitInfo')?.info)))
    return read.get(v)!
  }
  // Once enabled, in-commit timestamps are on every later commit: bisect for the first.
  let enabledAt = versions.length
  if (versions.length > 0 && (await ict(versions.length - 1)) !== undefined) {
    let lo = 0
    let hi = versions.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((await ict(mid)) === undefined) lo = mid + 1
      else hi = mid
    }
    enabledAt = lo
  }
  if (enabledAt < versions.length && timestamp >= (await ict(enabledAt))!) {
    let lo = enabledAt
    let hi = versions.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if ((await ict(mid))! <= timestamp) lo = mid
      else hi = mid - 1
    }
    return versions[lo]!
  }
  let found: number | undefined
  for (const v of versions.slice(0, enabledAt)) {
    if (listing.commits.get(v)!.modified <= timestamp) found = v
  }
  if (found !== undefined) return found
  const first = versions[0] === undefined ? '' : `, committed at ${iso((await ict(0)) ?? listing.commits.get(versions[0])!.modified)}`
  throw new StrataError('version_not_found', `no version of '${table}' was committed at or before ${iso(timestamp)}: the oldest readable version is ${range.earliest}${first}`)
}

function inCommitTimestamp(info: Readonly<Record<string, unknown>> | undefined): number | undefined {
  const t = info?.inCommitTimestamp
  return typeof t === 'number' ? t : typeof t === 'bigint' ? Number(t) : undefined
}

function iso(ms: number): string {
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : String(ms)
}
