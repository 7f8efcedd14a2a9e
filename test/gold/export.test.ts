import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { DuckDBInstance } from '@duckdb/node-api'
import { parse as parseYaml } from 'yaml'
import { rowJson } from '../../src/cli/row-json.ts'
import { isStrataError } from '../../src/core/errors.ts'
import { BucketShuffle, bucketBits } from '../../src/gold/bucket-shuffle.ts'
import { formatTokenCount } from '../../src/gold/datatrove-tokens.ts'
import { exportVersion, SCRATCH_DIR, type ExportFormat, type ExportRequest, type ExportResult } from '../../src/gold/export.ts'
import { copyKey } from '../../src/gold/shuffle-key.ts'
import { LocalStore } from '../../src/io/local-store.ts'
import { scan } from '../../src/table/scan.ts'
import type { StructField, StructType } from '../../src/table/schema.ts'
import { loadSnapshot, type Snapshot } from '../../src/table/snapshot.ts'
import { createTable, writeRows } from '../../src/table/write.ts'
import { tempDir } from '../helpers/temp-dir.ts'
import { interopPython } from '../interop/python-venv.ts'

const field = (name: string, type: StructField['type'], nullable = true): StructField => ({ name, type, nullable, metadata: {} })
const TOKENS = field('tokens', { type: 'array', elementType: 'integer', containsNull: false })
const BASE = [field('id', 'string', false), field('text', 'string', false), field('source', 'string', false), field('license', 'string', false), field('n', 'long'), field('created_at', 'timestamp')]
const MIXED = [...BASE, TOKENS, field('token_count', 'long'), field('mix_copies', 'integer'), field('split', 'string'), field('shuffle_key', 'long')]

function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
  }
}

const WORDS = ['the', 'data', 'river', 'café', 'naïve', '日本語', 'token', 'mixture', '🙂', 'shard', 'Ünïcödé', 'x']

/**
 * `count` seeded documents: text of 1 to 120 words (document 7 of about 6 000 bytes, longer
 * than the small shards below), three sources, a long and a timestamp (some null), tokens
 * with ids below `maxId` (null for document 5), their count, 0 to 3 copies (null for every
 * 11th), a tenth in validation, and a 53-bit shuffle key drawn from `keySeed`.
 */
function documents(count: number, seed: number, keySeed: number, maxId = 50_000): Record<string, unknown>[] {
  const random = mulberry32(seed)
  const keys = mulberry32(keySeed)
  return Array.from({ length: count }, (_, i) => {
    const words = i === 7 ? 1000 : 1 + Math.floor(random() * 120)
    const text = Array.from({ length: words }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' ')
    const tokens = i === 5 ? null : Array.from({ length: Math.floor(random() * 40) }, () => Math.floor(random() * maxId))
    if (i === 3 && tokens) tokens.push(maxId - 1)
    return {
      id: `doc-${String(i).padStart(4, '0')}`,
      text,
      source: ['web', 'books', 'code'][i % 3],
      license: ['CC-BY-4.0', 'MIT', 'CC-BY-4.0'][i % 3],
      n: i % 13 === 0 ? null : BigInt(i * 1_000_003),
      created_at: i % 17 === 0 ? null : BigInt(1_760_000_000_000_000 + i * 1_000_001),
      tokens,
      token_count: tokens === null ? null : BigInt(tokens.length),
      mix_copies: i % 11 === 0 ? null : Math.floor(random() * 4),
      split: random() < 0.1 ? 'validation' : 'train',
      shuffle_key: BigInt(Math.floor(keys() * 2 ** 21)) * 2n ** 32n + BigInt(Math.floor(keys() * 2 ** 32)),
    }
  })
}

/** A table of `rows` under `dir`, written 40 rows per file so that scans cross files. */
async function table(dir: string, fields: readonly StructField[], rows: readonly Record<string, unknown>[]): Promise<Snapshot> {
  const store = new LocalStore(dir)
  await createTable(store, { schema: { type: 'struct', fields } })
  await writeRows(store, rows.map((r) => Object.fromEntries(fields.map((f) => [f.name, r[f.name] ?? null]))), { fileRows: 40 })
  return loadSnapshot(store)
}

async function tableRows(snapshot: Snapshot): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = []
  for await (const batch of scan(snapshot)) out.push(...batch)
  return out
}

function run(snapshot: Snapshot, format: ExportFormat, dir: string, extra: Partial<ExportRequest> = {}): Promise<ExportResult> {
  return exportVersion({ snapshot, label: 'gold/t@1', dataset: 'gold/t', format, dir, ...extra })
}

// SplitMix64's finalizer on key + copy·φ, in BigInt: an independent spelling of the documented mix.
function referenceKey(shuffleKey: bigint, copy: number): bigint {
  const M = (1n << 64n) - 1n
  let z = (BigInt.asUintN(64, shuffleKey) + BigInt(copy) * 0x9e3779b97f4a7c15n) & M
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & M
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & M
  return z ^ (z >> 31n)
}

/** The ids of one split in the documented export order: every copy, by mixed key, ties by table order. */
function expectedOrder(rows: readonly Record<string, unknown>[], split: string): string[] {
  const copies: { key: bigint; index: number; id: string }[] = []
  rows.forEach((r, index) => {
    if ((r.split ?? 'train') !== split) return
    const n = r.mix_copies === null || r.mix_copies === undefined ? 1 : (r.mix_copies as number)
    for (let j = 0; j < n; j++) copies.push({ key: referenceKey(r.shuffle_key as bigint, j), index, id: r.id as string })
  })
  copies.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.index - b.index))
  return copies.map((c) => c.id)
}

/** The shard files of `dir` matching `pattern`, in name order. */
function shards(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir).filter((f) => pattern.test(f)).sort()
}

function jsonlLines(dir: string, split: string): Record<string, unknown>[] {
  return shards(dir, new RegExp(`^${split}-\\d{5}-of-\\d{5}\\.jsonl$`)).flatMap((f) =>
    readFileSync(path.join(dir, f), 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>),
  )
}

function folderBytes(dir: string): Map<string, string> {
  const out = new Map<string, string>()
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = path.join(d, name)
      if (statSync(p).isDirectory()) walk(p)
      else out.set(path.relative(dir, p), readFileSync(p).toString('base64'))
    }
  }
  walk(dir)
  return out
}

async function duck<T = Record<string, unknown>>(sql: string): Promise<T[]> {
  const instance = await DuckDBInstance.create(':memory:')
  const connection = await instance.connect()
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJson() as T[]
  } finally {
    connection.closeSync()
  }
}

function python(script: string, arg: string): { documents: number[][]; [k: string]: unknown } {
  const file = new URL(`../interop/${script}`, import.meta.url).pathname
  return JSON.parse(execFileSync(interopPython(), [file, arg], { encoding: 'utf8', maxBuffer: 1 << 28 }))
}

async function rejection(promise: Promise<unknown>, code: Parameters<typeof isStrataError>[1], message: string): Promise<void> {
  await assert.rejects(promise, (e) => {
    assert.ok(isStrataError(e, code), String(e))
    assert.equal(e.message, message)
    return true
  })
}

const utf8 = (s: unknown) => Buffer.byteLength(String(s))

describe('the shuffle key', () => {
  it('is SplitMix64 of shuffle_key + copy·φ, for any 64-bit key', () => {
    const out = new Uint32Array(2)
    const random = mulberry32(99)
    const keys = [0n, 1n, -1n, 2n ** 63n - 1n, -(2n ** 63n), 2n ** 53n - 1n]
    for (let i = 0; i < 2000; i++) keys.push(BigInt.asIntN(64, (BigInt(Math.floor(random() * 2 ** 32)) << 32n) | BigInt(Math.floor(random() * 2 ** 32))))
    for (const [i, key] of keys.entries()) {
      const copy = i % 9
      copyKey(key, copy, out)
      assert.equal((BigInt(out[0]!) << 32n) | BigInt(out[1]!), referenceKey(key, copy), `key ${key}, copy ${copy}`)
    }
  })
})

describe('the bucket shuffle', () => {
  it('sorts by key with ties in the order added, the same with one bucket, 4 096, or buckets split again', async () => {
    const random = mulberry32(5)
    const records = Array.from({ length: 3000 }, (_, i) => ({
      // Few distinct keys, so that many tie: they must keep the order they were added in.
      hi: i % 7 === 0 ? 0xffffffff : Math.floor(random() * 50) * 0x04000000,
      lo: Math.floor(random() * 3),
      payload: Buffer.from(`record ${i} ${'x'.repeat(i % 50)}`),
      group: i % 5 === 0 ? 'validation' : 'train',
      i,
    }))
    const drained = async (bits: number, bucketBytes: number) => {
      const dir = path.join(tempDir(), 'scratch')
      const shuffle = await BucketShuffle.create(dir, bits, bucketBytes)
      for (const r of records) await shuffle.add(r.group, r.hi, r.lo, r.payload)
      const out: Record<string, string[]> = {}
      for (const group of shuffle.groups) {
        out[group] = []
        for await (const p of shuffle.drain(group)) out[group]!.push(Buffer.from(p).toString())
      }
      assert.deepEqual(readdirSync(dir), [], 'drained buckets are deleted')
      await shuffle.close()
      assert.equal(existsSync(dir), false)
      return out
    }
    const expected: Record<string, string[]> = {}
    for (const group of ['train', 'validation']) {
      expected[group] = records
        .filter((r) => r.group === group)
        .sort((a, b) => a.hi - b.hi || a.lo - b.lo || a.i - b.i)
        .map((r) => r.payload.toString())
    }
    assert.deepEqual(await drained(0, 1e9), expected)
    assert.deepEqual(await drained(12, 1e9), expected)
    // Buckets larger than the bucket size are split again, down to single keys.
    assert.deepEqual(await drained(0, 3000), expected)
    assert.deepEqual(await drained(2, 20_000), expected)
  })

  it('picks bucket bits so that a bucket holds about the bucket size', () => {
    assert.deepEqual([bucketBits(100, 100), bucketBits(101, 100), bucketBits(400, 100), bucketBits(401, 100), bucketBits(1e15, 1)], [0, 1, 2, 3, 12])
  })
})

describe('export in table order', () => {
  const dir = tempDir()
  const rows = documents(240, 1, 2)
  let snapshot: Snapshot
  let scanned: Record<string, unknown>[]
  const plainFields = BASE.concat([TOKENS, field('token_count', 'long')])

  it('writes JSONL shards of at most --shard-size bytes that read back as the rows, in table order', async () => {
    snapshot = await table(path.join(dir, 'plain'), plainFields, rows)
    scanned = await tableRows(snapshot)
    const out = path.join(dir, 'jsonl')
    const result = await run(snapshot, 'jsonl', out, { shardBytes: 4000 })
    const names = shards(out, /\.jsonl$/)
    assert.ok(names.length > 10, `${names.length} shards`)
    assert.deepEqual(names, names.map((_, i) => `train-${String(i).padStart(5, '0')}-of-${String(names.length).padStart(5, '0')}.jsonl`))
    const schema: StructType = { type: 'struct', fields: plainFields.filter((f) => f.name !== 'tokens') }
    assert.deepEqual(jsonlLines(out, 'train'), scanned.map((r) => rowJson(r, schema)))
    // Full shards: none over the limit unless it is one document; the next line would not have fit.
    const files = names.map((f) => readFileSync(path.join(out, f), 'utf8'))
    for (const [i, text] of files.entries()) {
      const lines = text.split('\n').filter((l) => l !== '')
      if (lines.length > 1) assert.ok(Buffer.byteLength(text) <= 4000, `${names[i]} has ${Buffer.byteLength(text)} bytes`)
      const next = files[i + 1]?.split('\n')[0]
      if (next !== undefined) assert.ok(Buffer.byteLength(text) + Buffer.byteLength(next) + 1 > 4000, `${names[i]} had room for the next line`)
    }
    assert.ok(files.some((t) => t.split('\n').length === 2 && Buffer.byteLength(t) > 4000), 'the long document has a shard of its own')
    assert.deepEqual(
      { order: result.order, documents: result.documents, tokens: result.tokens, splits: result.splits.map((s) => s.split), files: result.splits[0]!.files.length },
      { order: 'table', documents: 240, tokens: rows.reduce((n, r) => n + Number(r.token_count ?? 0), 0), splits: ['train'], files: names.length },
    )
    assert.equal(result.bytes, files.reduce((n, t) => n + Buffer.byteLength(t), 0))
  })

  it('writes the columns --columns lists, in that order, tokens included', async () => {
    const out = path.join(dir, 'columns')
    await run(snapshot, 'jsonl', out, { columns: ['tokens', 'id'] })
    assert.deepEqual(jsonlLines(out, 'train'), rows.map((r) => ({ tokens: r.tokens, id: r.id })))
    await rejection(run(snapshot, 'jsonl', path.join(dir, 'bad'), { columns: ['id', 'nope'] }), 'invalid_argument',
      `gold/t@1 has no column 'nope'; its columns are ${plainFields.map((f) => f.name).join(', ')}`)
  })

  it('writes zstd Parquet shards that DuckDB reads back as the rows, cut at --shard-size bytes of data', async () => {
    const out = path.join(dir, 'parquet')
    const result = await run(snapshot, 'parquet', out, { shardBytes: 5000, columns: ['id', 'text', 'n', 'created_at', 'tokens'] })
    const names = shards(path.join(out, 'data'), /\.parquet$/)
    assert.ok(names.length > 5, `${names.length} shards`)
    assert.deepEqual(result.splits[0]!.files.map((f) => f.path), names.map((n) => `data/${n}`))
    const read = await duck<{ id: string; text: string; n: string | null; ts: string | null; tokens: number[] | null; file: string }>(
      `select id, text, n::varchar as n, epoch_us(created_at)::varchar as ts, tokens, parse_filename(filename) as file
       from read_parquet('${out}/data/*.parquet', filename = true, file_row_number = true) order by filename, file_row_number`,
    )
    assert.deepEqual(
      read.map(({ file: _, ...r }) => r),
      rows.map((r) => ({ id: r.id, text: r.text, n: r.n === null ? null : String(r.n), ts: r.created_at === null ? null : String(r.created_at), tokens: r.tokens })),
    )
    const codecs = await duck<{ codec: string }>(`select distinct compression as codec from parquet_metadata('${out}/data/*.parquet')`)
    assert.deepEqual(codecs, [{ codec: 'ZSTD' }])
    // The data of a shard: UTF-8 bytes of id and text, 8 per long and timestamp, 4 per token id.
    const data = (r: Record<string, unknown>) => utf8(r.id) + utf8(r.text) + (r.n === null ? 0 : 8) + (r.created_at === null ? 0 : 8) + 4 * ((r.tokens as number[] | null)?.length ?? 0)
    const byFile = names.map((n) => rows.filter((_, i) => read[i]!.file === n))
    for (const [i, docs] of byFile.entries()) {
      const bytes = docs.reduce((s, r) => s + data(r), 0)
      if (docs.length > 1) assert.ok(bytes <= 5000, `${names[i]} holds ${bytes} bytes of data`)
      if (i + 1 < byFile.length) assert.ok(bytes + data(byFile[i + 1]![0]!) > 5000, `${names[i]} had room for the next document`)
      assert.ok(statSync(path.join(out, 'data', names[i]!)).size < Math.max(bytes, 5000), 'compressed below its data')
    }
  })

  it('refuses a column type Parquet export does not write, naming it', async () => {
    const store = new LocalStore(path.join(dir, 'nested'))
    await createTable(store, { schema: { type: 'struct', fields: [field('id', 'string'), field('m', { type: 'map', keyType: 'string', valueType: 'string', valueContainsNull: true })] } })
    await rejection(run(await loadSnapshot(store), 'parquet', path.join(dir, 'nested-out')), 'unsupported_feature',
      "gold/t@1: column 'm' is a map, which Parquet export does not write; leave it out with --columns")
  })

  it('refuses a folder that holds anything unless forced, and then replaces only an earlier export', async () => {
    const out = path.join(dir, 'forced')
    await run(snapshot, 'jsonl', out, { shardBytes: 2000, columns: ['id', 'text'] })
    const before = shards(out, /\.jsonl$/).length
    writeFileSync(path.join(out, 'notes.txt'), 'mine')
    await rejection(run(snapshot, 'jsonl', out), 'already_exists', `'${out}' is not empty; pick an empty folder, or pass --force to replace an earlier export there`)
    await run(snapshot, 'jsonl', out, { force: true, columns: ['id'] })
    assert.ok(before > 1)
    assert.deepEqual(readdirSync(out).sort(), ['notes.txt', 'train-00000-of-00001.jsonl'])
  })
})

describe('export of a mixture: splits, copies and the global shuffle', () => {
  const dir = tempDir()
  const rows = documents(300, 11, 12)
  let snapshot: Snapshot
  let first: ExportResult

  it('writes each split apart, every document mix_copies times, in the order of the mixed keys', async () => {
    snapshot = await table(path.join(dir, 'mix'), MIXED, rows)
    const out = path.join(dir, 'a')
    first = await run(snapshot, 'jsonl', out, { columns: ['id', 'split', 'mix_copies'] })
    for (const split of ['train', 'validation']) {
      const ids = jsonlLines(out, split).map((l) => l.id)
      assert.deepEqual(ids, expectedOrder(rows, split), split)
      const counts = new Map<unknown, number>()
      for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1)
      for (const r of rows.filter((r) => r.split === split)) assert.equal(counts.get(r.id) ?? 0, (r.mix_copies as number | null) ?? 1, `${r.id}`)
    }
    const copies = rows.reduce((n, r) => n + ((r.mix_copies as number | null) ?? 1), 0)
    assert.equal(first.order, 'shuffled')
    assert.equal(first.documents, copies)
    assert.deepEqual(first.splits.map((s) => [s.split, s.documents]), [
      ['train', expectedOrder(rows, 'train').length],
      ['validation', expectedOrder(rows, 'validation').length],
    ])
    assert.ok(rows.some((r) => r.mix_copies === 0) && rows.some((r) => (r.mix_copies as number) > 1) && rows.some((r) => r.mix_copies === null))
    assert.equal(existsSync(path.join(out, SCRATCH_DIR)), false, 'the scratch folder is removed')
  })

  it('exports the same table to the same bytes, with one bucket or thousands', async () => {
    const again = path.join(dir, 'b')
    const tiny = path.join(dir, 'c')
    await run(snapshot, 'jsonl', again, { columns: ['id', 'split', 'mix_copies'] })
    await run(snapshot, 'jsonl', tiny, { columns: ['id', 'split', 'mix_copies'], bucketBytes: 300 })
    const a = folderBytes(path.join(dir, 'a'))
    assert.deepEqual(folderBytes(again), a)
    assert.deepEqual(folderBytes(tiny), a)
  })

  it('orders otherwise when the shuffle keys come from another seed', async () => {
    const reseeded = documents(300, 11, 13)
    const other = await table(path.join(dir, 'mix2'), MIXED, reseeded)
    const out = path.join(dir, 'd')
    await run(other, 'jsonl', out, { columns: ['id', 'split', 'mix_copies'] })
    const ids = jsonlLines(out, 'train').map((l) => l.id)
    const before = jsonlLines(path.join(dir, 'a'), 'train').map((l) => l.id)
    assert.deepEqual(ids, expectedOrder(reseeded, 'train'))
    assert.notDeepEqual(ids, before)
    assert.deepEqual([...ids].sort(), [...before].sort(), 'the same copies, in another order')
  })

  it('writes Parquet in the same order, a Hugging Face layout with a card whose YAML header parses', async () => {
    const out = path.join(dir, 'hf')
    const result = await run(snapshot, 'hf', out, { shardBytes: 20_000, bucketBytes: 2000 })
    const train = await duck<{ id: string }>(`select id from read_parquet('${out}/data/train-*.parquet', filename = true, file_row_number = true) order by filename, file_row_number`)
    assert.deepEqual(train.map((r) => r.id), expectedOrder(rows, 'train'))
    const text = readFileSync(path.join(out, 'README.md'), 'utf8')
    const header = /^---\n([\s\S]*?)\n---\n/.exec(text)
    assert.ok(header, 'the card starts with a YAML header')
    const yaml = parseYaml(header[1]!) as Record<string, unknown>
    assert.deepEqual(yaml.configs, [{ config_name: 'default', data_files: [{ split: 'train', path: 'data/train-*' }, { split: 'validation', path: 'data/validation-*' }] }])
    assert.equal(yaml.license, 'other')
    assert.deepEqual(yaml.size_categories, ['n<1K'])
    const files = result.splits.flatMap((s) => s.files.map((f) => f.path))
    const listed = readdirSync(path.join(out, 'data')).map((f) => `data/${f}`).sort()
    assert.deepEqual([...files].sort(), listed)
    for (const split of ['train', 'validation']) assert.ok(listed.filter((f) => f.startsWith(`data/${split}-`)).length >= 1)
    assert.equal(result.card!.total.documents, result.documents)
    assert.deepEqual(result.card!.splits.map((s) => [s.split, s.documents, s.tokens]), result.splits.map((s) => [s.split, s.documents, s.tokens]))
    assert.ok(result.splits[0]!.files.length > 1, 'train spans several shards')
  })

  for (const format of ['megatron', 'datatrove'] as const) {
    it(`writes ${format} token files per split, in the shuffled order, read back by an independent reader`, async () => {
      const out = path.join(dir, format)
      const result = await run(snapshot, format, out, { bucketBytes: 4000, ...(format === 'datatrove' ? { tokenizer: 'gpt2' } : {}) })
      const byId = new Map(rows.map((r) => [r.id, r.tokens as number[] | null]))
      const withTokens = (split: string) => expectedOrder(rows, split).filter((id) => byId.get(id) !== null)
      for (const split of ['train', 'validation']) {
        const read = format === 'megatron' ? python('read_megatron.py', path.join(out, split)) : python('read_datatrove_tokens.py', path.join(out, `${split}.ds`))
        assert.deepEqual(read.documents, withTokens(split).map((id) => byId.get(id)), split)
        if (format === 'megatron') assert.equal(read.dtype_code, 8, 'uint16 for ids below 50 000')
        else assert.equal(read.metadata, `gpt2|2\n${read.documents.flat().length}\n${formatTokenCount(read.documents.flat().length)}`)
      }
      const doc5 = rows[5]!
      assert.equal(result.skipped, (doc5.mix_copies as number | null) ?? 1, 'document 5 has no tokens')
      assert.deepEqual(result.vocabulary, { size: 50_000, from: 'max-id' })
      assert.equal(result.tokens, rows.reduce((n, r) => n + ((r.tokens as number[] | null)?.length ?? 0) * ((r.mix_copies as number | null) ?? 1), 0))
      assert.deepEqual(result.splits[0]!.files.map((f) => f.path), format === 'megatron' ? ['train.bin', 'train.idx'] : ['train.ds', 'train.ds.index', 'train.ds.metadata'])
    })
  }

  it('stores ids as int32 when --vocab-size says the tokenizer needs it', async () => {
    const out = path.join(dir, 'wide')
    const result = await run(snapshot, 'megatron', out, { vocabSize: 128_256 })
    assert.deepEqual(result.vocabulary, { size: 128_256, from: 'option' })
    assert.equal(python('read_megatron.py', path.join(out, 'train')).dtype_code, 4)
  })

  it('refuses a token format for a table without tokens', async () => {
    const plain = await table(path.join(dir, 'plain'), BASE, rows.slice(0, 3))
    await rejection(run(plain, 'megatron', path.join(dir, 'none')), 'invalid_argument', 'gold/t@1 has no tokens column; add a tokenize step to the recipe')
  })

  it('gives a split whose documents all have 0 copies an empty shard, as the card lists it', async () => {
    const zero = rows.slice(0, 30).map((r, i) => ({ ...r, split: i < 5 ? 'validation' : 'train', mix_copies: i < 5 ? 0 : 1 }))
    const result = await run(await table(path.join(dir, 'zero'), MIXED, zero), 'hf', path.join(dir, 'zero-out'))
    assert.deepEqual(result.splits.map((s) => [s.split, s.documents, s.files.map((f) => f.path)]), [
      ['train', 25, ['data/train-00000-of-00001.parquet']],
      ['validation', 0, ['data/validation-00000-of-00001.parquet']],
    ])
    assert.deepEqual(result.card!.splits.map((s) => [s.split, s.documents, s.rows]), [['train', 25, 25], ['validation', 0, 5]])
  })

  it('refuses a split that is not a plain name, naming the row', async () => {
    const bad = await table(path.join(dir, 'bad-split'), MIXED, [{ ...rows[0]!, split: 'train' }, { ...rows[1]!, split: '../up' }])
    await rejection(run(bad, 'jsonl', path.join(dir, 'bad-out')), 'invalid_argument', 'gold/t@1: row 1 has split "../up", which is not a plain name (letters, digits, _)')
  })
})

describe('an empty table', () => {
  it('still writes a train split a reader can open', async () => {
    const dir = tempDir()
    mkdirSync(path.join(dir, 't'))
    const store = new LocalStore(path.join(dir, 't'))
    await createTable(store, { schema: { type: 'struct', fields: BASE } })
    const result = await run(await loadSnapshot(store), 'parquet', path.join(dir, 'out'))
    assert.deepEqual(result.splits.map((s) => [s.split, s.documents, s.files.map((f) => f.path)]), [['train', 0, ['data/train-00000-of-00001.parquet']]])
    assert.deepEqual(await duck(`select count(*)::int as n from '${dir}/out/data/train-00000-of-00001.parquet'`), [{ n: 0 }])
  })
})
