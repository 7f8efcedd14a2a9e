import type { IngestionRecord } from '../../catalog/catalog.ts'
import { openCatalog } from '../../catalog/open-catalog.ts'
import { parseDatasetId } from '../../repo/repository.ts'
import type { Command } from '../command.ts'
import { formatBytes, formatCount, formatTime, renderTable } from '../format.ts'
import { jsonLine } from '../json-value.ts'
import { UsageError } from '../usage-error.ts'

const COLUMNS = [
  { header: 'ID' },
  { header: 'DATASET' },
  { header: 'SOURCE' },
  { header: 'LICENSE' },
  { header: 'FORMAT' },
  { header: 'FILES', align: 'right' },
  { header: 'BYTES', align: 'right' },
  { header: 'DOCS', align: 'right' },
  { header: 'QUARANTINED', align: 'right' },
  { header: 'VERSION', align: 'right' },
  { header: 'TIME' },
] as const

/** `strata ingestions [--dataset <zone/name>]`: the ingestion records of the catalog. */
export const ingestions: Command = {
  name: 'ingestions',
  summary: 'list ingestions newest first: source, license, format, files, bytes, documents, version',
  args: [],
  usage: `Lists the provenance records of the batches ingested into the repository, newest
first: id, dataset, source name, license, file format, source files and bytes, documents
written and quarantined, the table version they were committed as ('-' when none) and
the time. --json prints every field of each record, including the files with their
SHA-256, one record per line.

Examples:
  strata ingestions
  strata ingestions --dataset bronze/web
  strata ingestions --json | jq -r 'select(.license == "unknown") | .ingestionId'`,
  options: {
    dataset: { type: 'string', value: 'zone/name', description: 'only the ingestions into this dataset' },
  },
  async run(ctx, input) {
    const dataset = input.options.dataset
    if (dataset !== undefined && (typeof dataset !== 'string' || !parseDatasetId(dataset))) {
      throw new UsageError(`option --dataset must be <zone>/<name>, e.g. bronze/web, not '${String(dataset)}'`)
    }
    const repo = await ctx.repository()
    const catalog = await openCatalog(repo, ctx.env)
    try {
      const records = await catalog.listIngestions(dataset === undefined ? {} : { dataset })
      if (ctx.json) for (const r of records) ctx.out(jsonLine(r))
      else if (records.length === 0) ctx.out(dataset === undefined ? `no ingestions in ${repo.root}` : `no ingestions into ${dataset}`)
      else for (const line of renderTable(COLUMNS, records.map(row))) ctx.out(line)
    } finally {
      await catalog.close()
    }
  },
}

function row(r: IngestionRecord): string[] {
  return [
    r.ingestionId,
    r.dataset,
    r.sourceName,
    r.license,
    r.fileFormat,
    formatCount(r.rawFileCount),
    formatBytes(r.rawSizeBytes),
    formatCount(r.documentsWritten),
    formatCount(r.documentsQuarantined),
    r.tableVersion === null ? '-' : String(r.tableVersion),
    formatTime(Date.parse(r.ingestionTimestamp)),
  ]
}
