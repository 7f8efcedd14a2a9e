import type { IngestProgress } from '../ingest/ingest.ts'
import type { CommandContext } from './command.ts'
import { formatBytes, formatCount } from './format.ts'

/**
 * Reports progress on stderr as the line `line` makes of it (given the seconds since the
 * start): on a terminal a redrawn line at most every 200 ms, elsewhere a plain line at
 * most every 5 s (logs stay readable). `now` is injectable for tests.
 */
export function statusLine<P>(ctx: CommandContext, line: (p: P, seconds: number) => string, now: () => number = Date.now): { update: (p: P) => void; done: () => void } {
  const start = now()
  const every = ctx.tty ? 200 : 5000
  let last = -Infinity
  return {
    update(p) {
      const t = now()
      if (t - last < every) return
      last = t
      ctx.status(line(p, Math.max((t - start) / 1000, 1e-3)))
    },
    done() {
      if (ctx.tty) ctx.status('')
    },
  }
}

/** Reports ingest progress (see `statusLine`): files, bytes, rate, documents and an ETA. */
export function ingestProgress(ctx: CommandContext, now: () => number = Date.now): { update: (p: IngestProgress) => void; done: () => void } {
  return statusLine<IngestProgress>(
    ctx,
    (p, seconds) => {
      const rate = p.bytesDone / seconds
      const eta = rate > 0 ? (p.bytesTotal - p.bytesDone) / rate : NaN
      return (
        `files ${p.filesDone}/${p.filesTotal}  ${formatBytes(p.bytesDone)}/${formatBytes(p.bytesTotal)}  ${formatBytes(rate)}/s  ` +
        `docs ${formatCount(p.documents)}  quarantined ${formatCount(p.quarantined)}  ETA ${Number.isFinite(eta) ? `${Math.ceil(eta)}s` : '?'}`
      )
    },
    now,
  )
}
