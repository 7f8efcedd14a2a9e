import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { gzipSync, zstdCompressSync } from 'node:zlib'
import { compressionOf, decompressHead } from '../../src/io/decompress.ts'
import { detectFormat, readers } from '../../src/io/readers.ts'
import { TESTDATA } from '../helpers/temp-dir.ts'

const head = (text: string) => Buffer.from(text)
const sample = (key: string) => readFileSync(path.join(TESTDATA, 'warc', key)).subarray(0, 4096)

describe('detectFormat', () => {
  it('goes by extension, after .gz and .zst', () => {
    const cases: [string, string][] = [
      ['a.jsonl', 'jsonl'],
      ['dir/a.ndjson.gz', 'jsonl'],
      ['a.csv.zst', 'csv'],
      ['a.TSV', 'tsv'],
      ['a.txt', 'text'],
      ['a.md', 'text'],
      ['a.htm', 'html'],
      ['a.parquet', 'parquet'],
      ['a.warc', 'warc'],
      ['a.warc.wet.gz', 'wet'],
    ]
    for (const [key, format] of cases) assert.equal(detectFormat(key, head('x')), format, key)
  })

  it('lets Parquet and WARC magic win over the name, and tells WET by its records', () => {
    assert.equal(detectFormat('a.bin', head('PAR1\x15\x04')), 'parquet')
    assert.equal(detectFormat('sample.warc.wet.txt', readFileSync(path.join(TESTDATA, 'warc/cc_net/sample.warc.wet.txt'))), 'wet')
    assert.equal(detectFormat('x.gz', sample('cc-whirlwind/whirlwind.warc.wet.gz')), 'wet')
    assert.equal(detectFormat('x.gz', sample('cc-whirlwind/whirlwind.warc.gz')), 'warc')
    assert.equal(detectFormat('x', zstdCompressSync('WARC/1.1\r\nWARC-Type: warcinfo\r\n\r\n')), 'warc')
    assert.equal(detectFormat('x.wet', head('WARC/1.1\r\nWARC-Type: warcinfo\r\n\r\n')), 'wet')
  })

  it('falls back to the first character, and refuses WAT and the unknown', () => {
    assert.equal(detectFormat('data.json', head('\ufeff  {"a":1}\n')), 'jsonl')
    assert.equal(detectFormat('page', gzipSync('\n<!doctype html>')), 'html')
    assert.equal(detectFormat('x.warc.wat.gz', sample('cc-whirlwind/whirlwind.warc.wat.gz')), undefined)
    assert.equal(detectFormat('blob.bin', head('\x00\x01')), undefined)
    assert.equal(detectFormat('empty', new Uint8Array()), undefined)
  })

  it('has a reader for every format', () => {
    assert.deepEqual(Object.keys(readers).sort(), ['csv', 'html', 'jsonl', 'parquet', 'text', 'tsv', 'warc', 'wet'])
  })
})

describe('decompression', () => {
  it('knows gzip and zstd by their magic bytes', () => {
    assert.equal(compressionOf(gzipSync('x')), 'gzip')
    assert.equal(compressionOf(zstdCompressSync('x')), 'zstd')
    assert.equal(compressionOf(head('{"a":1}')), 'none')
    assert.equal(compressionOf(new Uint8Array([0x1f])), 'none')
  })

  it('decompresses as much of a cut head as there is', () => {
    const gz = gzipSync(Buffer.from('line\n'.repeat(100_000)))
    assert.ok(decompressHead(gz.subarray(0, 200)).length > 1000)
    assert.deepEqual(decompressHead(head('plain')), head('plain'))
    assert.equal(decompressHead(Buffer.from([0x1f, 0x8b, 0, 0])).length, 0)
  })
})
