import { isStrataError } from '../../core/errors.ts'
import { datasetStore, listDatasets } from '../../repo/repository.ts'
import { loadSnapshot } from '../../table/snapshot.ts'
import type { Command } from '../command.ts'
import { summarizeFiles } from '../file-summary.ts'
import { formatBytes, formatCount, formatTime, renderTable } from '../format.ts'
import { jsonLine } from '../json-value.ts'

/** One line of `strata ls`: a dataset's latest version, or why it could not be read. */
interface Listing {
  readonly ref: string
  readonly zone: string
  readonly name: string
  readonly version?: number
  readonly rows?: number | null
  readonly bytes?: number
  readonly files?: number
  readonly modified?: string
  readonly error?: string
}

/** `strata ls`: the datasets of the repository, zone by zone. */
export const ls: Command = {
  name: 'ls',
  summary: 'list the datasets per zone: latest version, rows, bytes, last modified',
  args: [],
  usage: `Lists every dataset of the repository with its latest version. Rows are the sum of
the files' statistics (numRecords); '?' when a file has none. A dataset whose log cannot
be read is listed with the error.

Examples:
  strata ls
  strata ls --json | jq 'select(.zone == "silver")'`,
  options: {},
  async run(ctx) {
    const repo = await ctx.repository()
    const listings: Listing[] = []
    for (const { zone, name } of await listDatasets(repo)) {
      const id = { ref: `${zone}/${name}`, zone, name }
      try {
        const snapshot = await loadSnapshot(datasetStore(repo, zone, name))
        const summary = summarizeFiles(snapshot.files)
        listings.push({ ...id, version: snapshot.version, rows: summary.rows ?? null, bytes: summary.bytes, files: summary.files, modified: formatTime(snapshot.timestamp) })
      } catch (e) {
        // One unreadable dataset must not hide the others.
        if (!isStrataError(e)) throw e
        listings.push({ ...id, error: e.message })
      }
    }
    if (ctx.json) {
      for (const l of listings) ctx.out(jsonLine(l))
      return
    }
    if (listings.length === 0) {
      ctx.out(`no datasets in ${repo.root}`)
      return
    }
    const rows = listings.map((l) =>
      l.error !== undefined
        ? [l.ref, '', '', '', '', `error: ${l.error}`]
        : [l.ref, String(l.version), formatCount(l.rows ?? undefined), formatBytes(l.bytes!), formatCount(l.files), l.modified!],
    )
    const columns = [
      { header: 'DATASET' },
      { header: 'VERSION', align: 'right' },
      { header: 'ROWS', align: 'right' },
      { header: 'BYTES', align: 'right' },
      { header: 'FILES', align: 'right' },
      { header: 'MODIFIED' },
    ] as const
    for (const line of renderTable(columns, rows)) ctx.out(line)
  },
}
