import path from 'node:path'
import { DEFAULT_SHARD_BYTES, EXPORT_FORMATS, exportVersion, type ExportFormat, type ExportProgress, type ExportResult } from '../../gold/export.ts'
import { loadSnapshot } from '../../table/snapshot.ts'
import type { Command, CommandContext } from '../command.ts'
import { countOf, formatBytes, formatCount, renderTable } from '../format.ts'
import { statusLine } from '../progress.ts'
import { UsageError } from '../usage-error.ts'
import { versionProvenance } from './card.ts'

/** `strata export <ref> --format <fmt> --to <dir>` */
export const exportCommand: Command = {
  name: 'export',
  summary: 'write a version as training files: JSONL, Parquet, Hugging Face, Megatron or datatrove',
  args: ['<ref>'],
  usage: `Writes a version (usually gold/<name>@<version>) to a folder, streaming it:
  jsonl      <dir>/<split>-00000-of-00003.jsonl
  parquet    <dir>/data/<split>-00000-of-00003.parquet (zstd)
  hf         the parquet layout plus README.md, the dataset card ('strata card'), whose
             configs name the shards of each split, as the Hugging Face Hub reads them
  megatron   <dir>/<split>.bin and <split>.idx from the tokens column (Megatron-LM)
  datatrove  <dir>/<split>.ds, .ds.index and .ds.metadata from the tokens column
Text formats write every column but tokens unless --columns lists them, and cut shards at
--shard-size bytes of data. A table with a split column gets each split written apart;
otherwise everything is train. A table with shuffle_key (a mixture) is written in the order
of a global shuffle, each document mix_copies times, sorted on disk in buckets under
<dir>/.strata-scratch (removed at the end); otherwise in table order. The same version always
exports to the same bytes. Token formats store ids as uint16 when the vocabulary allows;
the vocabulary size is --vocab-size, else the largest token id + 1.

Examples:
  strata export gold/mix@3 --format hf --to out/mix-v3
  strata export gold/mix --format jsonl --to out/jsonl --shard-size 1GB --columns id,text,source
  strata export gold/mix@3 --format megatron --to out/megatron --vocab-size 50257`,
  options: {
    format: { type: 'string', value: 'fmt', description: `${EXPORT_FORMATS.join('|')} (required)` },
    to: { type: 'string', value: 'dir', description: 'the folder to write (required; must be empty unless --force)' },
    'shard-size': { type: 'string', value: 'size', description: 'text formats: most data per shard, e.g. 256MB (default), 1GB, 500MiB' },
    columns: { type: 'string', value: 'a,b,...', description: 'text formats: the columns to write, in order' },
    'vocab-size': { type: 'string', value: 'n', description: "token formats: the tokenizer's vocabulary size, which picks the dtype" },
    tokenizer: { type: 'string', value: 'name', description: "datatrove: the tokenizer name for .ds.metadata (default: the recipe's tokenize step)" },
    force: { type: 'boolean', description: 'write into a non-empty folder, replacing the files of an earlier export' },
  },
  async run(ctx, input) {
    const o = input.options
    const format = o.format
    if (format === undefined) throw new UsageError(`--format is required: ${EXPORT_FORMATS.join(', ')}`)
    if (!EXPORT_FORMATS.includes(format as ExportFormat)) throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}, not '${String(format)}'`)
    if (typeof o.to !== 'string' || o.to === '') throw new UsageError('--to <dir> is required: the folder to write')
    const text = input.args[0]!
    const tokenFormat = format === 'megatron' || format === 'datatrove'
    if (tokenFormat && (o['shard-size'] !== undefined || o.columns !== undefined)) throw new UsageError(`--shard-size and --columns apply to jsonl, parquet and hf, not ${format}`)
    if (!tokenFormat && (o['vocab-size'] !== undefined || o.tokenizer !== undefined)) throw new UsageError(`--vocab-size and --tokenizer apply to megatron and datatrove, not ${format}`)
    const shardBytes = o['shard-size'] === undefined ? DEFAULT_SHARD_BYTES : parseSize(String(o['shard-size']))
    const columns = typeof o.columns === 'string' ? o.columns.split(',').map((c) => c.trim()).filter((c) => c !== '') : undefined
    if (columns !== undefined && columns.length === 0) throw new UsageError('--columns needs at least one column name')
    const vocabSize = o['vocab-size'] === undefined ? undefined : Number(o['vocab-size'])
    if (vocabSize !== undefined && (!Number.isSafeInteger(vocabSize) || vocabSize < 1)) throw new UsageError(`--vocab-size must be a positive whole number, not '${String(o['vocab-size'])}'`)

    const ref = await ctx.resolve(text)
    const snapshot = await loadSnapshot(ref.store, ref.at)
    const label = `${ref.name}@${snapshot.version}`
    const provenance = format === 'hf' || format === 'datatrove' ? await versionProvenance(ctx, text, ref, snapshot.version) : null
    const progress = exportProgress(ctx)
    let result: ExportResult
    try {
      result = await exportVersion({
        snapshot,
        label,
        dataset: ref.name,
        format: format as ExportFormat,
        dir: path.resolve(ctx.cwd, o.to),
        shardBytes,
        ...(columns ? { columns } : {}),
        ...(vocabSize !== undefined ? { vocabSize } : {}),
        ...(typeof o.tokenizer === 'string' ? { tokenizer: o.tokenizer } : {}),
        force: o.force === true,
        provenance,
        onProgress: progress.update,
      })
    } finally {
      progress.done()
    }
    if (ctx.json) {
      const { card, ...rest } = result
      ctx.out(JSON.stringify({ ...rest, card: card === null ? null : 'README.md' }))
      return
    }
    for (const line of report(result)) ctx.out(line)
  },
}

const UNITS: Readonly<Record<string, number>> = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40 }

/** A size as `--shard-size` takes it: bytes, or a number with a unit, decimal (`256MB`, `1GB`) or binary (`512MiB`), as Hugging Face reads them. */
export function parseSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text)
  const unit = UNITS[(m?.[2] || 'b').toLowerCase()]
  const bytes = m && unit !== undefined ? Math.floor(Number(m[1]) * unit) : NaN
  if (!(bytes >= 1)) throw new UsageError(`--shard-size must be a size such as 256MB, 1GB or 500MiB, not '${text}'`)
  return bytes
}

function report(r: ExportResult): string[] {
  const lines = [`exported ${r.ref} as ${r.format} to ${r.dir} (${r.order === 'shuffled' ? 'shuffled, mix_copies applied' : 'table order'})`]
  const rows = r.splits.map((s) => [s.split, formatCount(s.documents), s.tokens === null ? '-' : formatCount(s.tokens), formatBytes(s.bytes), formatCount(s.files.length)])
  if (r.splits.length > 1) rows.push(['total', formatCount(r.documents), r.tokens === null ? '-' : formatCount(r.tokens), formatBytes(r.bytes), formatCount(r.splits.reduce((n, s) => n + s.files.length, 0))])
  const table = renderTable(
    [{ header: 'SPLIT', align: 'left' }, { header: 'DOCUMENTS', align: 'right' }, { header: 'TOKENS', align: 'right' }, { header: 'BYTES', align: 'right' }, { header: 'FILES', align: 'right' }],
    rows,
  )
  lines.push(...table.map((l) => `  ${l}`))
  lines.push('files:')
  for (const s of r.splits) for (const f of s.files) lines.push(`  ${f.path}  ${f.documents > 0 ? `${countOf(f.documents, 'document')}, ` : ''}${formatBytes(f.bytes)}`)
  if (r.card) lines.push(`  README.md  the dataset card (license ${r.card.license}, ${r.card.sizeCategory})`)
  if (r.skipped > 0) lines.push(`left out ${countOf(r.skipped, 'document')} without tokens (their text was not a string)`)
  if (r.vocabulary) {
    lines.push(
      r.vocabulary.from === 'option'
        ? `vocabulary size ${formatCount(r.vocabulary.size)} (--vocab-size)`
        : `vocabulary size ${formatCount(r.vocabulary.size)}: the largest token id + 1, which picks the dtype; pass --vocab-size to use the tokenizer's`,
    )
  }
  if (r.tokenizer !== null) lines.push(`tokenizer recorded in .ds.metadata: ${r.tokenizer}`)
  return lines
}

// Progress on stderr (see `statusLine`): rows shuffled, then documents written.
function exportProgress(ctx: CommandContext, now: () => number = Date.now): { update: (p: ExportProgress) => void; done: () => void } {
  return statusLine<ExportProgress>(
    ctx,
    (p, seconds) => {
      const read = `rows ${formatCount(p.rows)}${p.rowsTotal === null ? '' : `/${formatCount(p.rowsTotal)}`}`
      return p.phase === 'scatter' ? `shuffling: ${read}  ${formatCount(Math.round(p.rows / seconds))} rows/s` : `writing: ${read}  documents ${formatCount(p.documents)}`
    },
    now,
  )
}
