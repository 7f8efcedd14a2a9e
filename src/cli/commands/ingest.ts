import { userInfo } from 'node:os'
import { openCatalog } from '../../catalog/open-catalog.ts'
import { StrataError } from '../../core/errors.ts'
import { ingest as ingestSources } from '../../ingest/ingest.ts'
import type { SourceFormat } from '../../io/record-reader.ts'
import { isDatasetName } from '../../repo/repository.ts'
import type { Command } from '../command.ts'
import { formatBytes, formatCount } from '../format.ts'
import { ingestProgress } from '../progress.ts'
import { UsageError } from '../usage-error.ts'

const FORMATS = ['auto', 'jsonl', 'parquet', 'csv', 'tsv', 'text', 'html', 'warc', 'wet'] as const
const SPLITS = ['file', 'lines', 'paragraphs'] as const
const MIB = 1024 * 1024

/** `strata ingest <sources>... --into bronze/<name> --source <name> --license <id>` */
export const ingest: Command = {
  name: 'ingest',
  summary: 'land files in a bronze dataset with provenance and license; bad records go to quarantine',
  args: ['<path|glob|dir>...'],
  usage: `Reads files, directories (recursively) and globs into bronze/<name>: every record
becomes a document with the standard columns (id, text, source, url, license,
ingestion_id, created_at, fetched_at, meta), in one new version. The ingestion record —
files with SHA-256, sizes, license, actor, counts — goes to the catalog and the commit.
Files already ingested from the same source are skipped: re-running is a no-op. Records
that cannot be read go to bronze/<name>__quarantine with file, offset and error.
Exit status 1 when the quarantined share exceeds --max-bad, or on any other failure.

Examples:
  strata ingest crawl/*.warc.gz --into bronze/web --source cc-2026-11 --license unknown
  strata ingest dumps/ --into bronze/wiki --source wikipedia --license CC-BY-SA-4.0 --format jsonl
  strata ingest notes.csv --into bronze/notes --source team --license CC0-1.0 --text-field body --id-field note_id`,
  options: {
    into: { type: 'string', value: 'bronze/<name>', description: 'the dataset to write (required)' },
    source: { type: 'string', value: 'name', description: 'the source name recorded on every document (required)' },
    license: { type: 'string', value: 'spdx-id', description: "the batch's license, an SPDX id or 'unknown' (required)" },
    format: { type: 'string', value: 'fmt', description: `${FORMATS.join('|')} (default auto: by extension and content)` },
    'text-field': { type: 'string', value: 'name', description: "the field holding the text (default 'text')" },
    'id-field': { type: 'string', value: 'name', description: 'the field holding a stable id (default: a hash of source, file content and offset)' },
    'url-field': { type: 'string', value: 'name', description: "the field holding the URL (default 'url')" },
    split: { type: 'string', value: 'mode', description: 'text files: one document per file, line or paragraph (default file)' },
    'max-doc-bytes': { type: 'string', value: 'n', description: 'records larger than n bytes go to quarantine (default 10 MiB)' },
    'max-bad': { type: 'string', value: 'fraction', description: 'fail (exit 1) when more than this share is quarantined (default 0.05)' },
    'on-policy': { type: 'string', value: 'refuse|quarantine', description: "a license the dataset's policy does not allow: refuse the batch (default) or quarantine it" },
  },
  async run(ctx, input) {
    const o = input.options
    const into = required(o.into, 'into')
    const m = /^bronze\/(.+)$/.exec(into)
    if (!m || !isDatasetName(m[1]!)) throw new UsageError(`--into must be bronze/<name> with a name of letters, digits, '-', '_' or '.', not '${into}'`)
    const format = choice(o.format, FORMATS, 'format') ?? 'auto'
    const split = choice(o.split, SPLITS, 'split')
    const onPolicy = choice(o['on-policy'], ['refuse', 'quarantine'] as const, 'on-policy') ?? 'refuse'
    const maxBad = o['max-bad'] === undefined ? 0.05 : Number(o['max-bad'])
    if (!(maxBad >= 0 && maxBad <= 1)) throw new UsageError(`--max-bad must be a fraction between 0 and 1, not '${String(o['max-bad'])}'`)
    const maxDocBytes = o['max-doc-bytes'] === undefined ? 10 * MIB : Number(o['max-doc-bytes'])
    if (!Number.isSafeInteger(maxDocBytes) || maxDocBytes < 1) throw new UsageError(`--max-doc-bytes must be a positive integer, not '${String(o['max-doc-bytes'])}'`)

    const repo = await ctx.repository()
    const catalog = await openCatalog(repo, ctx.env)
    const progress = ingestProgress(ctx)
    try {
      const summary = await ingestSources({
        repo,
        catalog,
        sources: input.args,
        cwd: ctx.cwd,
        dataset: m[1]!,
        source: required(o.source, 'source'),
        license: required(o.license, 'license'),
        format: format as SourceFormat | 'auto',
        mapping: {
          ...(typeof o['text-field'] === 'string' ? { textField: o['text-field'] } : {}),
          ...(typeof o['id-field'] === 'string' ? { idField: o['id-field'] } : {}),
          ...(typeof o['url-field'] === 'string' ? { urlField: o['url-field'] } : {}),
        },
        ...(split ? { split } : {}),
        maxDocBytes,
        onPolicy,
        actor: userInfo().username,
        onProgress: progress.update,
      })
      progress.done()
      const r = summary.record
      if (ctx.json) {
        ctx.out(JSON.stringify({ status: summary.status, dataset: summary.dataset, filesSkipped: summary.filesSkipped, ingestion: r ?? null }))
      } else if (!r) {
        ctx.out(`nothing to ingest: all ${formatCount(summary.filesSkipped)} files were already ingested into ${summary.dataset} from this source`)
      } else {
        ctx.out(`ingested ${formatCount(r.documentsWritten)} documents from ${formatCount(r.rawFileCount)} files (${formatBytes(r.rawSizeBytes)}) into ${r.dataset} as version ${r.tableVersion}`)
        if (summary.filesSkipped > 0) ctx.out(`skipped ${formatCount(summary.filesSkipped)} files already ingested from this source`)
        if (r.documentsQuarantined > 0) ctx.out(`quarantined ${formatCount(r.documentsQuarantined)} records: strata head ${r.dataset}__quarantine`)
        ctx.out(`ingestion ${r.ingestionId}, license ${r.license}, format ${r.fileFormat}`)
      }
      const total = r ? r.documentsWritten + r.documentsQuarantined : 0
      if (r && total > 0 && r.documentsQuarantined / total > maxBad) {
        throw new StrataError(
          'too_many_bad',
          `${(100 * r.documentsQuarantined / total).toFixed(1)}% of the records were quarantined (${formatCount(r.documentsQuarantined)} of ${formatCount(total)}), more than --max-bad ${maxBad}; the good ones were committed, see ${r.dataset}__quarantine`,
        )
      }
    } finally {
      progress.done()
      await catalog.close()
    }
  },
}

function required(v: string | boolean | undefined, name: string): string {
  if (typeof v !== 'string' || v === '') throw new UsageError(`--${name} is required`)
  return v
}

function choice<T extends string>(v: string | boolean | undefined, allowed: readonly T[], name: string): T | undefined {
  if (v === undefined) return undefined
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, not '${String(v)}'`)
  return v as T
}
