import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { gzipSync, zstdCompressSync } from 'node:zlib'
import { parquetWriteBuffer } from 'hyparquet-writer'
import { isStrataError } from '../../src/core/errors.ts'
import { decompressedChunks } from '../../src/io/decompress.ts'
import { LocalStore } from '../../src/io/local-store.ts'
import { readers } from '../../src/io/readers.ts'
import type { ReadItem, ReaderOptions, SourceFile, SourceFormat } from '../../src/io/record-reader.ts'
import { tempDir } from '../helpers/temp-dir.ts'
import { chunked, httpResponse, warcRecord } from '../helpers/warc-fixture.ts'

// Valid inputs, mutated with a seeded generator: a failure names the seed, case and mutation
// to reproduce it. Readers must not throw, must finish within the budget, must report damage
// to a compressed stream once and last, and must account for every record of line formats.
const SEED = 0x5eed2026
const MUTATIONS_PER_FORMAT = 200
const BUDGET_MS = 2000

function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
  }
}

/** How many items a reader must yield for `bytes` (decompressed), the last unit cut short unless `final`. */
type Count = (bytes: Buffer, final: boolean, maxDocBytes: number) => number

interface FuzzCase {
  readonly name: string
  readonly format: SourceFormat
  readonly extension: string
  readonly bytes: Buffer
  readonly options: ReaderOptions
  readonly compress: boolean
  readonly count?: Count
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf])
const withoutBom = (b: Buffer) => (b.subarray(0, 3).equals(BOM) ? b.subarray(3) : b)

function splitLines(bytes: Buffer, final: boolean): Buffer[] {
  const b = withoutBom(bytes)
  const out: Buffer[] = []
  let pos = 0
  for (let nl = b.indexOf(10); nl >= 0; nl = b.indexOf(10, pos)) {
    out.push(b.subarray(pos, nl))
    pos = nl + 1
  }
  if (final && pos < b.length) out.push(b.subarray(pos))
  return out
}

// A blank line is skipped, unless it is too long to be looked at.
const blank = (line: Buffer, max: number) => {
  const content = line.at(-1) === 13 ? line.subarray(0, -1) : line
  return content.length <= max && /^[ \t\r]*$/.test(content.toString('latin1'))
}

const countLines: Count = (bytes, final, max) => splitLines(bytes, final).filter((l) => !blank(l, max)).length

const countParagraphs: Count = (bytes, final, max) => {
  let count = 0
  let open = false
  for (const line of splitLines(bytes, final)) {
    if (blank(line, max)) count += open ? 1 : 0
    open = !blank(line, max)
  }
  return count + (final && open ? 1 : 0)
}

// A whole-file record cut short is the damage item itself.
const countWhole = (strip: boolean): Count => (bytes, final) => (final && (strip ? withoutBom(bytes) : bytes).length > 0 ? 1 : 0)

/** Non-blank rows as RFC 4180 (with the readers' leniencies) sees them. */
function countRows(delimiter: number): Count {
  return (bytes, final) => {
    const b = withoutBom(bytes)
    let rows = 0
    let length = 0
    let state: 'start' | 'plain' | 'quoted' | 'after' = 'start'
    let previous = 0
    for (const c of b) {
      if (state === 'quoted') state = c === 0x22 ? 'after' : 'quoted'
      else if (state === 'after' && c === 0x22 && previous === 0x22) state = 'quoted'
      else if (c === 0x0a) {
        if (length - (previous === 0x0d ? 1 : 0) > 0) rows++
        length = -1
        state = 'start'
      } else if (c === delimiter) state = 'start'
      else if (state === 'start') state = c === 0x22 ? 'quoted' : 'plain'
      else if (state === 'after' && c !== 0x0d) state = 'plain'
      length++
      previous = c
    }
    if (final && (state === 'quoted' || length - (previous === 0x0d ? 1 : 0) > 0)) rows++
    return rows
  }
}

function fixtures(): FuzzCase[] {
  const jsonl = Buffer.from(
    Array.from({ length: 30 }, (_, i) => (i % 7 === 3 ? '\r\n' : '') + JSON.stringify({ id: i, text: `doc ${i} ${'é'.repeat(i % 5)} "q" \\ 東京`, tags: ['a', i] })).join('\n') + '\n',
  )
  const csvRows = (d: string) =>
    [`id${d}text${d}note`, ...Array.from({ length: 25 }, (_, i) => [i, i % 3 === 0 ? `"multi\nline ""${i}"""` : `plain ${i}`, i % 4 === 0 ? `"a${d}b"` : ''].join(d))].join('\r\n')
  const text = Buffer.from(Array.from({ length: 12 }, (_, i) => `Paragraph ${i} first line, ünïcode.\nSecond line of ${i}.\n${i % 3 === 0 ? '  \n' : ''}\n`).join(''))
  const html = Buffer.from('<!doctype html><html><head><meta charset="utf-8"><title>Fuzz &amp; test</title></head><body><p>héllo wörld</p></body></html>')
  const parquet = Buffer.from(
    parquetWriteBuffer({
      columnData: [
        { name: 'id', data: Array.from({ length: 30 }, (_, i) => BigInt(i)), type: 'INT64' },
        { name: 'text', data: Array.from({ length: 30 }, (_, i) => `row ${i}`), type: 'STRING' },
        { name: 'score', data: Array.from({ length: 30 }, (_, i) => i / 3), type: 'DOUBLE' },
      ],
      rowGroupSize: 10,
    }),
  )
  const target = (n: number) => ({ 'WARC-Record-ID': `<urn:uuid:${n}>`, 'WARC-Date': '2024-05-18T01:58:10Z', 'WARC-Target-URI': `https://example.org/${n}` })
  const page = (n: number) => `<html><title>page ${n}</title><p>${'text '.repeat(40)}</p></html>`
  const warc = Buffer.concat([
    warcRecord('warcinfo', {}, 'software: fuzz\r\n'),
    warcRecord('request', target(1), 'GET / HTTP/1.1\r\n\r\n'),
    warcRecord('response', target(1), httpResponse('200 OK', { 'Content-Type': 'text/html; charset=utf-8', 'Transfer-Encoding': 'chunked', 'Content-Encoding': 'gzip' }, chunked(gzipSync(page(1)), 50))),
    warcRecord('metadata', target(1), 'fetchTimeMs: 5\r\n'),
    warcRecord('response', target(2), httpResponse('200 OK', { 'Content-Type': 'text/html' }, page(2))),
    warcRecord('response', target(3), httpResponse('404 Not Found', { 'Content-Type': 'text/plain; charset=iso-8859-1' }, page(3), '\n')),
  ])
  const wet = Buffer.concat([
    warcRecord('warcinfo', {}, 'isPartOf: fuzz\r\n'),
    ...[1, 2, 3].map((n) => warcRecord('conversion', { ...target(n), 'WARC-Identified-Content-Language': 'eng', 'Content-Type': 'text/plain' }, `Page ${n}\n${'words '.repeat(30)}`)),
  ])
  const line = { maxDocBytes: 300 }
  const whole = { maxDocBytes: 1 << 16 }
  return [
    { name: 'jsonl', format: 'jsonl', extension: 'jsonl', bytes: jsonl, options: line, compress: true, count: countLines },
    { name: 'csv', format: 'csv', extension: 'csv', bytes: Buffer.from(csvRows(',')), options: line, compress: true, count: countRows(0x2c) },
    { name: 'tsv', format: 'tsv', extension: 'tsv', bytes: Buffer.from(csvRows('\t')), options: line, compress: true, count: countRows(0x09) },
    { name: 'text (file)', format: 'text', extension: 'txt', bytes: text, options: whole, compress: true, count: countWhole(true) },
    { name: 'text (lines)', format: 'text', extension: 'txt', bytes: text, options: { ...line, split: 'lines' }, compress: true, count: countLines },
    { name: 'text (paragraphs)', format: 'text', extension: 'txt', bytes: text, options: { ...line, split: 'paragraphs' }, compress: true, count: countParagraphs },
    { name: 'html', format: 'html', extension: 'html', bytes: html, options: whole, compress: true, count: countWhole(false) },
    { name: 'parquet', format: 'parquet', extension: 'parquet', bytes: parquet, options: whole, compress: false },
    { name: 'warc', format: 'warc', extension: 'warc', bytes: warc, options: whole, compress: true },
    { name: 'wet', format: 'wet', extension: 'wet', bytes: wet, options: whole, compress: true },
  ]
}

const SPECIAL = [0x0a, 0x0d, 0x22, 0x2c, 0x09, 0x7b, 0x7d, 0x3c, 0x00, 0xff, 0xc3, 0x57]

function mutate(input: Buffer, random: () => number): { bytes: Buffer; steps: string[] } {
  let bytes = Buffer.from(input)
  const steps: string[] = []
  const pick = (n: number) => Math.floor(random() * n)
  const byte = () => (random() < 0.5 ? SPECIAL[pick(SPECIAL.length)]! : pick(256))
  for (let n = 1 + pick(3); n > 0 && bytes.length > 0; n--) {
    const at = pick(bytes.length)
    const op = pick(5)
    if (op === 0) {
      const bit = 1 << pick(8)
      bytes[at]! ^= bit
      steps.push(`flip ${at} ^${bit}`)
    } else if (op === 1) {
      const inserted = Buffer.from(Array.from({ length: 1 + pick(8) }, byte))
      bytes = Buffer.concat([bytes.subarray(0, at), inserted, bytes.subarray(at)])
      steps.push(`insert ${at} ${inserted.toString('hex')}`)
    } else if (op === 2) {
      const length = 1 + pick(16)
      bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + length)])
      steps.push(`delete ${at}+${length}`)
    } else if (op === 3) {
      bytes = bytes.subarray(0, at)
      steps.push(`truncate ${at}`)
    } else {
      const from = pick(bytes.length)
      const copy = bytes.subarray(from, from + 1 + pick(64))
      bytes = Buffer.concat([bytes.subarray(0, at), copy, bytes.subarray(at)])
      steps.push(`copy ${from}+${copy.length} to ${at}`)
    }
  }
  return { bytes, steps }
}

async function decompressedOf(file: SourceFile): Promise<{ bytes: Buffer; damaged: boolean }> {
  const chunks: Buffer[] = []
  try {
    for await (const chunk of decompressedChunks(file)) chunks.push(chunk)
    return { bytes: Buffer.concat(chunks), damaged: false }
  } catch (e) {
    if (!isStrataError(e, 'corrupt_file')) throw e
    return { bytes: Buffer.concat(chunks), damaged: true }
  }
}

async function readWithin(file: SourceFile, c: FuzzCase): Promise<ReadItem[]> {
  const items: ReadItem[] = []
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${BUDGET_MS} ms`)), BUDGET_MS)))
  const started = performance.now()
  try {
    await Promise.race([
      (async () => {
        for await (const item of readers[c.format](file, c.options)) items.push(item)
      })(),
      deadline,
    ])
  } finally {
    clearTimeout(timer)
  }
  const elapsed = performance.now() - started
  assert.ok(elapsed < BUDGET_MS, `took ${elapsed.toFixed(0)} ms`)
  return items
}

const DAMAGE = /(gzip|zstd) stream after \d+ decompressed bytes/

describe('reader fuzz', () => {
  const store = new LocalStore(tempDir('strata-fuzz-'))
  for (const [index, c] of fixtures().entries()) {
    it(`survives ${MUTATIONS_PER_FORMAT} seeded mutations of ${c.name}, plain${c.compress ? ', .gz and .zst' : ''}`, async (t) => {
      const random = mulberry32(SEED + index)
      const variants: [string, Buffer][] = [['', c.bytes]]
      if (c.compress) variants.push(['.gz', gzipSync(c.bytes)], ['.zst', zstdCompressSync(c.bytes)])
      const totals = { records: 0, bad: 0, damaged: 0 }
      for (let m = 0; m < MUTATIONS_PER_FORMAT; m++) {
        const [suffix, valid] = variants[m % variants.length]!
        const { bytes, steps } = mutate(valid, random)
        const key = `case-${index}-${m}.${c.extension}${suffix}`
        await store.put(key, bytes)
        const file = { store, key, size: bytes.length }
        const where = `${c.name} mutation ${m} (seed ${SEED + index}, ${suffix || 'plain'}: ${steps.join(', ')})`
        // A hang inside a synchronous loop stops the timers too: FUZZ_TRACE=1 names the input first.
        if (process.env.FUZZ_TRACE) console.error(where)
        let items: ReadItem[]
        try {
          items = await readWithin(file, c)
        } catch (e) {
          assert.fail(`${where}: ${(e as Error).message}`)
        }
        const damage = items.filter((i) => i.kind === 'bad' && DAMAGE.test(i.error))
        assert.ok(damage.length <= 1 && (damage.length === 0 || damage[0] === items.at(-1)), `${where}: damage reported ${damage.length} times or not last`)
        for (let i = 1; i < items.length; i++) assert.ok(items[i]!.offset >= items[i - 1]!.offset, `${where}: offsets go back at item ${i}`)
        const records = items.filter((i) => i.kind === 'record').length
        totals.records += records
        totals.bad += items.length - records
        totals.damaged += damage.length
        const reference = await decompressedOf(file)
        assert.equal(reference.damaged, damage.length === 1, `${where}: damage reported ${damage.length} times, decompression says ${reference.damaged}`)
        if (c.format === 'warc' || c.format === 'wet') {
          for (const item of items) if (item.kind === 'record') assert.equal(reference.bytes.toString('latin1', item.offset, item.offset + 5), 'WARC/', `${where}: record at ${item.offset}`)
        }
        if (c.count) {
          const expected = c.count(reference.bytes, !reference.damaged, c.options.maxDocBytes)
          const accounted = items.length - damage.length
          const headerless = c.format === 'csv' || c.format === 'tsv'
          const ok = headerless ? accounted === Math.max(0, expected - 1) || (records === 0 && accounted === expected) : accounted === expected
          assert.ok(ok, `${where}: ${records} records and ${accounted - records} bad items for ${expected} units`)
        }
      }
      t.diagnostic(`${c.name}: ${MUTATIONS_PER_FORMAT} inputs, ${totals.records} records, ${totals.bad} bad items, ${totals.damaged} damaged streams`)
    })
  }
})
