import { closeSync, openSync, writeSync } from 'node:fs'
import { gzipSync, zstdCompressSync } from 'node:zlib'
import { encodeDataFile } from '../../src/table/data-file.ts'
import type { StructField } from '../../src/table/schema.ts'
import type { CorpusDoc } from './generate.ts'

export const FORMATS = ['jsonl', 'jsonl.gz', 'jsonl.zst', 'parquet', 'warc', 'warc.gz'] as const
export type CorpusFormat = (typeof FORMATS)[number]

/** Receives documents in order and writes them to one file; `close` flushes and returns the bytes written. */
export interface CorpusSink {
  write(doc: CorpusDoc): void
  close(): number
}

// Compressed JSONL is written as independent gzip members / zstd frames of about this much
// input each: every reader takes concatenated members, and the bytes depend only on the documents.
const BATCH_BYTES = 8 << 20

function fileWriter(path: string) {
  const fd = openSync(path, 'w')
  let written = 0
  return {
    put(bytes: Uint8Array) {
      for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off)
      written += bytes.length
    },
    close() {
      closeSync(fd)
      return written
    },
  }
}

function jsonlSink(path: string, compress: (b: Buffer) => Uint8Array): CorpusSink {
  const file = fileWriter(path)
  let lines: string[] = []
  let size = 0
  const flush = () => {
    if (lines.length > 0) file.put(compress(Buffer.from(lines.join(''))))
    lines = []
    size = 0
  }
  return {
    write({ id, text, url, lang }) {
      const line = `${JSON.stringify({ id, text, url, lang })}\n`
      lines.push(line)
      size += line.length
      if (size >= BATCH_BYTES) flush()
    },
    close() {
      flush()
      return file.close()
    },
  }
}

const FIELDS: readonly StructField[] = ['id', 'text', 'url', 'lang'].map((name) => ({ name, type: 'string', nullable: false, metadata: {} }))

// Parquet needs the whole file's rows before it writes the footer; the corpus is held once.
function parquetSink(path: string): CorpusSink {
  const rows: Record<string, unknown>[] = []
  return {
    write: ({ id, text, url, lang }) => void rows.push({ id, text, url, lang }),
    close() {
      const file = fileWriter(path)
      file.put(encodeDataFile(FIELDS, rows, 'bench corpus').bytes)
      return file.close()
    },
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }
const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => ESCAPES[c]!)
const BASE_DATE = Date.UTC(2024, 4, 18)
const warcDate = (n: number) => new Date(BASE_DATE + n * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')

function warcRecord(headers: string, block: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`WARC/1.1\r\n${headers}Content-Length: ${block.length}\r\n\r\n`), block, Buffer.from('\r\n\r\n')])
}

/** The HTML page a WARC response carries for `doc`: one `<p>` per line of its text. */
export function htmlPage(doc: CorpusDoc): string {
  const title = escapeHtml(doc.text.slice(0, 60).split('\n')[0]!)
  const body = doc.text.split('\n').map((l) => `<p>${escapeHtml(l)}</p>`).join('\n')
  return `<!doctype html>\n<html lang="${doc.lang}"><head><meta charset="utf-8"><title>${title}</title></head>\n<body>\n${body}\n</body></html>\n`
}

function warcSink(path: string, gzip: boolean): CorpusSink {
  const file = fileWriter(path)
  const put = (record: Buffer) => file.put(gzip ? gzipSync(record) : record)
  const info = Buffer.from('software: strata bench/corpus.ts\r\nformat: WARC File Format 1.1\r\n')
  put(warcRecord(`WARC-Type: warcinfo\r\nWARC-Record-ID: <urn:strata-bench:warcinfo>\r\nWARC-Date: ${warcDate(0)}\r\nContent-Type: application/warc-fields\r\n`, info))
  let n = 0
  return {
    write(doc) {
      const html = Buffer.from(htmlPage(doc))
      const http = Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Language: ${doc.lang}\r\nContent-Length: ${html.length}\r\n\r\n`), html])
      const headers =
        `WARC-Type: response\r\nWARC-Record-ID: <urn:strata-bench:${doc.id}>\r\nWARC-Date: ${warcDate(n++)}\r\n` +
        `WARC-Target-URI: ${doc.url}\r\nContent-Type: application/http; msgtype=response\r\n`
      put(warcRecord(headers, http))
    },
    close: () => file.close(),
  }
}

const SINKS: { readonly [F in CorpusFormat]: (path: string) => CorpusSink } = {
  jsonl: (p) => jsonlSink(p, (b) => b),
  'jsonl.gz': (p) => jsonlSink(p, (b) => gzipSync(b)),
  'jsonl.zst': (p) => jsonlSink(p, (b) => zstdCompressSync(b)),
  parquet: parquetSink,
  warc: (p) => warcSink(p, false),
  'warc.gz': (p) => warcSink(p, true),
}

/** A sink writing `format` to `path`. */
export function openSink(format: CorpusFormat, path: string): CorpusSink {
  return SINKS[format](path)
}
