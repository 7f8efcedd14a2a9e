import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { gzipSync, zstdCompressSync } from 'node:zlib'
import { LocalStore } from '../../src/io/local-store.ts'
import { readers } from '../../src/io/readers.ts'
import type { SourceFormat } from '../../src/io/record-reader.ts'
import type { BenchCase } from '../measure.ts'
import { documents } from '../synthetic-text.ts'

const MAX_DOC_BYTES = 4 << 20

/** `count` synthetic documents as JSONL bytes. */
export function jsonl(count: number): Buffer {
  return Buffer.from(documents(count).map((d) => `${JSON.stringify(d)}\n`).join(''))
}

/** A WARC of HTML responses, one gzip member per record as crawlers write them; `raw` is its decompressed size. */
export function warcGz(count: number): { bytes: Buffer; raw: number } {
  let raw = 0
  const members = documents(count).map(({ text }, i) => {
    const html = Buffer.from(`<!doctype html><html><head><meta charset="utf-8"><title>Page ${i}</title></head><body><p>${text}</p></body></html>`)
    const http = Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: ${html.length}\r\n\r\n`), html])
    const head = `WARC/1.1\r\nWARC-Type: response\r\nWARC-Date: 2024-05-18T01:58:10Z\r\nWARC-Record-ID: <urn:uuid:bench-${i}>\r\nWARC-Target-URI: https://example.org/${i}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: ${http.length}\r\n\r\n`
    const record = Buffer.concat([Buffer.from(head), http, Buffer.from('\r\n\r\n')])
    raw += record.length
    return gzipSync(record, { level: 6 })
  })
  return { bytes: Buffer.concat(members), raw }
}

function readerCase(name: string, format: SourceFormat, description: string, build: (count: number) => { bytes: Buffer; raw: number }): BenchCase {
  return {
    name,
    description,
    async setup(scale) {
      const count = Math.round(40_000 * scale)
      const { bytes, raw } = build(count)
      const dir = mkdtempSync(path.join(tmpdir(), 'strata-bench-read-'))
      const store = new LocalStore(dir)
      await store.put(name, bytes)
      const file = { store, key: name, size: bytes.length }
      return {
        bytes: raw,
        items: count,
        run: async () => {
          let records = 0
          for await (const item of readers[format](file, { maxDocBytes: MAX_DOC_BYTES })) if (item.kind === 'record') records++
          if (records !== count) throw new Error(`${name}: read ${records} records of ${count}`)
        },
        cleanup: async () => rmSync(dir, { recursive: true, force: true }),
      }
    },
  }
}

const plainJsonl = (count: number) => {
  const bytes = jsonl(count)
  return { bytes, raw: bytes.length }
}

/** The JSONL reader on plain, gzip and zstd files, and the WARC reader on a per-record gzip file. */
export const readerCases: readonly BenchCase[] = [
  readerCase('read-jsonl', 'jsonl', 'JSONL reader, 1-3 KB documents (MB/s of decompressed input)', plainJsonl),
  readerCase('read-jsonl-gz', 'jsonl', 'JSONL reader on .gz (MB/s of decompressed input)', (count) => {
    const bytes = jsonl(count)
    return { bytes: gzipSync(bytes), raw: bytes.length }
  }),
  readerCase('read-jsonl-zst', 'jsonl', 'JSONL reader on .zst (MB/s of decompressed input)', (count) => {
    const bytes = jsonl(count)
    return { bytes: zstdCompressSync(bytes), raw: bytes.length }
  }),
  readerCase('read-warc-gz', 'warc', 'WARC reader on per-record .gz, HTML responses (MB/s of decompressed input)', warcGz),
]
