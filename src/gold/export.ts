import { mkdir, readdir, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { StrataError } from '../core/errors.ts'
import type { Doc } from '../ops/operator.ts'
import { scan } from '../table/scan.ts'
import type { StructField } from '../table/schema.ts'
import type { Snapshot } from '../table/snapshot.ts'
import { bucketBits, BucketShuffle } from './bucket-shuffle.ts'
import { assembleFacts, tokenizerOf, VersionTally, type CardFacts, type Provenance } from './card-facts.ts'
import { renderCard } from './dataset-card.ts'
import { copiesOf, exportSplits, splitOf } from './export-rows.ts'
import { jsonlShards } from './jsonl-shards.ts'
import { parquetShards } from './parquet-shards.ts'
import type { ShardFormat, SplitWriter, WrittenFile } from './shard-format.ts'
import { copyKey } from './shuffle-key.ts'
import { datatroveShards, megatronShards } from './token-shards.ts'

/** The formats `exportVersion` writes. */
export const EXPORT_FORMATS = ['jsonl', 'parquet', 'hf', 'megatron', 'datatrove'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

/** Shard size unless the caller picks one: 256 MB of data, as `256MB` reads. */
export const DEFAULT_SHARD_BYTES = 256_000_000
/** Bytes of records per shuffle bucket unless the caller picks one: pass 2 holds one bucket in memory. */
export const DEFAULT_BUCKET_BYTES = 128 << 20
/** The folder under the export's own where the shuffle spills its buckets; removed when done. */
export const SCRATCH_DIR = '.strata-scratch'

export interface ExportRequest {
  readonly snapshot: Snapshot
  /** The version as users name it, `gold/mix@3` (or a table folder's path), for messages. */
  readonly label: string
  /** `zone/name` of the dataset (or the table folder's path), for the card. */
  readonly dataset: string
  readonly format: ExportFormat
  /** The folder to write; created if missing. */
  readonly dir: string
  /** Text formats: most bytes of data per shard (default `DEFAULT_SHARD_BYTES`). */
  readonly shardBytes?: number
  /** Text formats: the columns to write, in order (default: every column but `tokens`). */
  readonly columns?: readonly string[]
  /** Token formats: the tokenizer's vocabulary size (default: the largest token id + 1). */
  readonly vocabSize?: number
  /** datatrove: the tokenizer's name for `.ds.metadata` (default: the provenance's tokenize step, else `unknown`). */
  readonly tokenizer?: string
  /** Write into a non-empty folder, first removing the files an earlier export left there. */
  readonly force?: boolean
  /** The shuffle's bucket size (default `DEFAULT_BUCKET_BYTES`); tests make it tiny to spill to many buckets. */
  readonly bucketBytes?: number
  /** hf: how the version was made, for the card (null for a table folder). */
  readonly provenance?: Provenance | null
  readonly onProgress?: (progress: ExportProgress) => void
}

/** Where an export is: `scatter` reads the table into shuffle buckets, `write` writes files. */
export interface ExportProgress {
  phase: 'scatter' | 'write'
  /** Rows of the table read so far, and in all (null when the log's statistics do not say). */
  rows: number
  rowsTotal: number | null
  /** Documents written so far (copies counted). */
  documents: number
}

/** What one split of an export holds. */
export interface ExportedSplit {
  readonly split: string
  readonly documents: number
  /** Token ids written (token formats), or the sum of `token_count` (text formats with that column), else null. */
  readonly tokens: number | null
  readonly bytes: number
  readonly files: readonly WrittenFile[]
}

/** What an export wrote. */
export interface ExportResult {
  readonly ref: string
  readonly format: ExportFormat
  readonly dir: string
  /** Whether the documents are in the order of the global shuffle (the table has `shuffle_key`) or the table's. */
  readonly order: 'shuffled' | 'table'
  readonly splits: readonly ExportedSplit[]
  readonly documents: number
  readonly tokens: number | null
  readonly bytes: number
  /** Documents a token format left out because they have no tokens. */
  readonly skipped: number
  /** Token formats: the vocabulary size the dtype was chosen by, and where it came from. */
  readonly vocabulary: { readonly size: number; readonly from: 'option' | 'max-id' } | null
  /** datatrove: the tokenizer name recorded in the metadata. */
  readonly tokenizer: string | null
  /** hf: the card written as README.md, and its facts. */
  readonly card: CardFacts | null
}

const TEXT_FORMATS = new Set<ExportFormat>(['jsonl', 'parquet', 'hf'])
// Files an export writes, by which `force` recognises an earlier export's.
const EXPORT_FILE = /^(\w+-\d{5}-of-\d{5}\.jsonl|\w+-\d{5}\.(jsonl|parquet)\.partial|\w+\.(bin|idx|ds|ds\.index|ds\.metadata)|README\.md)$/
const DATA_FILE = /^\w+-\d{5}(-of-\d{5})?\.parquet(\.partial)?$/
// Records are about this many times larger than the table's compressed files: a guess for
// the first split of the shuffle, which splits again any bucket that turns out too large.
const EXPANSION = 4

/**
 * Exports a version of a table as training files (see `ExportFormat`), streaming: the
 * table is scanned once (twice for a token format without `vocabSize`, to find the largest
 * id), never held whole.
 *
 * Order: a table with `shuffle_key` is written in the order of a global shuffle — every
 * document `mix_copies` times (once when the column is absent or null), copy j placed by
 * `copyKey(shuffle_key, j)` — through an external bucket sort under `<dir>/.strata-scratch`
 * (see `BucketShuffle`); otherwise in table order. A table with `split` gets its splits
 * written separately; else every document is `train`. The same version exports to the
 * same bytes. Refuses a folder holding anything unless `force`.
 */
export async function exportVersion(request: ExportRequest): Promise<ExportResult> {
  const { snapshot, label, format, dir } = request
  const names = new Set(snapshot.schema.fields.map((f) => f.name))
  const shuffled = names.has('shuffle_key')
  await prepareFolder(dir, request.force === true)

  const shardFormat = await chooseFormat(request)
  const tally = format === 'hf' ? new VersionTally(snapshot.schema, label) : undefined
  const countTokens = TEXT_FORMATS.has(format) && names.has('token_count')
  const columns = unique([
    ...shardFormat.format.columns,
    ...(shuffled ? ['shuffle_key'] : []),
    ...(names.has('mix_copies') ? ['mix_copies'] : []),
    ...(names.has('split') ? ['split'] : []),
    ...(countTokens ? ['token_count'] : []),
    ...(tally?.columns ?? []),
  ])
  const progress: ExportProgress = { phase: shuffled ? 'scatter' : 'write', rows: 0, rowsTotal: tableRows(snapshot), documents: 0 }
  const splitTokens = new Map<string, number>()
  // Every split a row names, so that a split whose rows all have 0 copies (or no tokens) still gets its (empty) files.
  const seen = new Set<string>()
  let skipped = 0

  // Each row of the table, once: its split, copies and record, and what the tally counts.
  async function* records(): AsyncGenerator<{ row: Doc; split: string; copies: number; record: unknown }> {
    for await (const batch of scan(snapshot, { columns })) {
      for (const row of batch) {
        const index = progress.rows++
        tally?.add(row, index)
        const split = names.has('split') ? splitOf(row, index, label) : 'train'
        const copies = names.has('mix_copies') ? copiesOf(row, index, label) : 1
        seen.add(split)
        if (countTokens) splitTokens.set(split, (splitTokens.get(split) ?? 0) + Number(row.token_count ?? 0) * copies)
        const record = shardFormat.format.record(row)
        if (record === null) {
          skipped += copies
          continue
        }
        yield { row, split, copies, record }
      }
      request.onProgress?.(progress)
    }
  }

  const written = new Map<string, { documents: number; tokens: number | null; files: readonly WrittenFile[] }>()
  const writers = new Map<string, { writer: SplitWriter<unknown>; documents: number }>()
  const writerOf = async (split: string) => {
    let w = writers.get(split)
    if (!w) writers.set(split, (w = { writer: await shardFormat.format.open(split), documents: 0 }))
    return w
  }
  const finishSplit = async (split: string) => {
    const w = await writerOf(split)
    const out = await w.writer.finish()
    written.set(split, { documents: w.documents, tokens: out.tokens, files: out.files })
  }

  if (shuffled) {
    const estimate = snapshot.files.reduce((n, f) => n + f.size, 0) * EXPANSION
    const bucketBytes = request.bucketBytes ?? DEFAULT_BUCKET_BYTES
    const shuffle = await BucketShuffle.create(path.join(dir, SCRATCH_DIR), bucketBits(estimate, bucketBytes), bucketBytes)
    try {
      const key = new Uint32Array(2)
      const { toBytes, fromBytes } = shardFormat.format
      for await (const { row, split, copies, record } of records()) {
        const shuffleKey = row.shuffle_key
        if (typeof shuffleKey !== 'bigint') throw new StrataError('invalid_argument', `${label}: row ${progress.rows - 1} has no shuffle_key`)
        const bytes = copies > 0 ? toBytes(record) : undefined
        for (let j = 0; j < copies; j++) {
          copyKey(shuffleKey, j, key)
          await shuffle.add(split, key[0]!, key[1]!, bytes!)
        }
      }
      progress.phase = 'write'
      for (const split of exportSplits(shuffle.groups)) {
        const w = await writerOf(split)
        for await (const bytes of shuffle.drain(split)) {
          await w.writer.add(fromBytes(bytes))
          w.documents++
          if (++progress.documents % 65536 === 0) request.onProgress?.(progress)
        }
        await finishSplit(split)
      }
    } finally {
      await shuffle.close()
    }
  } else {
    for await (const { split, copies, record } of records()) {
      const w = await writerOf(split)
      for (let j = 0; j < copies; j++) await w.writer.add(record)
      w.documents += copies
      progress.documents += copies
    }
    for (const split of exportSplits(writers.keys())) await finishSplit(split)
  }
  for (const split of exportSplits(seen)) if (!written.has(split)) await finishSplit(split)
  // An export of no documents still writes a train split, so that readers find one.
  if (written.size === 0) await finishSplit('train')
  request.onProgress?.(progress)

  const splits: ExportedSplit[] = exportSplits(written.keys()).map((split) => {
    const w = written.get(split)!
    return {
      split,
      documents: w.documents,
      tokens: w.tokens ?? (countTokens ? (splitTokens.get(split) ?? 0) : null),
      bytes: w.files.reduce((n, f) => n + f.bytes, 0),
      files: w.files,
    }
  })
  let card: CardFacts | null = null
  const files = splits.flatMap((s) => s.files)
  let cardBytes = 0
  if (tally) {
    card = assembleFacts(snapshot, request.dataset, tally, request.provenance ?? null)
    const text = renderCard(card)
    await writeFile(path.join(dir, 'README.md'), text)
    cardBytes = Buffer.byteLength(text)
  }
  const sum = (f: (s: ExportedSplit) => number) => splits.reduce((n, s) => n + f(s), 0)
  return {
    ref: label,
    format,
    dir,
    order: shuffled ? 'shuffled' : 'table',
    splits,
    documents: sum((s) => s.documents),
    tokens: splits.every((s) => s.tokens === null) ? null : sum((s) => s.tokens ?? 0),
    bytes: files.reduce((n, f) => n + f.bytes, 0) + cardBytes,
    skipped,
    vocabulary: shardFormat.vocabulary,
    tokenizer: shardFormat.tokenizer,
    card,
  }
}

interface ChosenFormat {
  readonly format: ShardFormat<unknown>
  readonly vocabulary: ExportResult['vocabulary']
  readonly tokenizer: string | null
}

async function chooseFormat(request: ExportRequest): Promise<ChosenFormat> {
  const { snapshot, label, format, dir } = request
  if (TEXT_FORMATS.has(format)) {
    const shardBytes = request.shardBytes ?? DEFAULT_SHARD_BYTES
    if (!(shardBytes > 0)) throw new StrataError('invalid_argument', `shard size ${shardBytes} must be positive`)
    const fields = exportFields(snapshot.schema.fields, request.columns, label)
    const shards = format === 'jsonl' ? jsonlShards(dir, fields, shardBytes) : parquetShards(dir, fields, shardBytes, label)
    return { format: shards, vocabulary: null, tokenizer: null }
  }
  const tokens = snapshot.schema.fields.find((f) => f.name === 'tokens')
  if (!tokens) throw new StrataError('invalid_argument', `${label} has no tokens column; add a tokenize step to the recipe`)
  const type = tokens.type
  if (typeof type === 'string' || type.type !== 'array' || !['integer', 'long', 'short', 'byte'].includes(type.elementType as string)) {
    throw new StrataError('invalid_argument', `${label}: column 'tokens' is not an array of integers`)
  }
  const vocabulary = request.vocabSize !== undefined ? { size: request.vocabSize, from: 'option' as const } : { size: (await largestTokenId(snapshot)) + 1, from: 'max-id' as const }
  const runs = request.provenance ? [...(request.provenance.run ? [request.provenance.run] : []), ...request.provenance.upstream] : []
  const tokenizer = request.tokenizer ?? tokenizerOf(runs) ?? 'unknown'
  const info = { vocabSize: vocabulary.size, name: tokenizer }
  return format === 'megatron'
    ? { format: megatronShards(dir, info), vocabulary, tokenizer: null }
    : { format: datatroveShards(dir, info), vocabulary, tokenizer }
}

/** The largest id in the `tokens` column (0 for a table with none). */
async function largestTokenId(snapshot: Snapshot): Promise<number> {
  let max = 0
  for await (const batch of scan(snapshot, { columns: ['tokens'] })) {
    for (const row of batch) {
      const ids = row.tokens as readonly (number | bigint)[] | null
      if (!ids) continue
      for (let i = 0; i < ids.length; i++) {
        const id = Number(ids[i])
        if (id > max) max = id
      }
    }
  }
  return max
}

/** The fields a text format writes: `columns` in that order (each must exist), else every field but `tokens`. */
export function exportFields(fields: readonly StructField[], columns: readonly string[] | undefined, label: string): StructField[] {
  if (columns === undefined) return fields.filter((f) => f.name !== 'tokens')
  const byName = new Map(fields.map((f) => [f.name, f]))
  return columns.map((name) => {
    const field = byName.get(name)
    if (!field) throw new StrataError('invalid_argument', `${label} has no column '${name}'; its columns are ${fields.map((f) => f.name).join(', ')}`)
    return field
  })
}

// An empty (or missing) folder is created; a folder holding anything is refused unless
// `force`, which removes what an earlier export wrote there (and its scratch) and nothing else.
async function prepareFolder(dir: string, force: boolean): Promise<void> {
  let entries: string[]
  try {
    entries = await readdir(dir)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ENOTDIR') throw new StrataError('invalid_path', `'${dir}' is a file, not a folder to export to`)
    if (code !== 'ENOENT') throw e
    await mkdir(dir, { recursive: true })
    return
  }
  if (entries.length === 0) return
  if (!force) throw new StrataError('already_exists', `'${dir}' is not empty; pick an empty folder, or pass --force to replace an earlier export there`)
  for (const name of entries) {
    if (name === SCRATCH_DIR || EXPORT_FILE.test(name)) await rm(path.join(dir, name), { recursive: true, force: true })
    else if (name === 'data') {
      for (const f of await readdir(path.join(dir, 'data'))) if (DATA_FILE.test(f)) await rm(path.join(dir, 'data', f), { force: true })
    }
  }
}

function tableRows(snapshot: Snapshot): number | null {
  let rows = 0
  for (const f of snapshot.files) {
    if (!f.stats) return null
    const n = (JSON.parse(f.stats) as { numRecords?: unknown }).numRecords
    if (typeof n !== 'number') return null
    rows += n
  }
  return rows
}

function unique(names: readonly string[]): string[] {
  return [...new Set(names)]
}
