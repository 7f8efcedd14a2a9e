import { readCsv, readTsv } from './csv.ts'
import { decompressHead } from './decompress.ts'
import { readHtml } from './html.ts'
import { readJsonl } from './jsonl.ts'
import { readParquetRows } from './parquet-rows.ts'
import type { RecordReader, SourceFormat } from './record-reader.ts'
import { readText } from './text.ts'
import { readWarc } from './warc.ts'
import { readWet } from './wet.ts'

/** The reader of every source format. */
export const readers: Record<SourceFormat, RecordReader> = {
  jsonl: readJsonl,
  parquet: readParquetRows,
  csv: readCsv,
  tsv: readTsv,
  text: readText,
  html: readHtml,
  warc: readWarc,
  wet: readWet,
}

const EXTENSIONS: Record<string, SourceFormat | undefined> = {
  jsonl: 'jsonl',
  ndjson: 'jsonl',
  parquet: 'parquet',
  csv: 'csv',
  tsv: 'tsv',
  tab: 'tsv',
  txt: 'text',
  text: 'text',
  md: 'text',
  html: 'html',
  htm: 'html',
  xhtml: 'html',
  warc: 'warc',
  wet: 'wet',
}

const COMPRESSED = /\.(gz|zst|zstd)$/i
const WARC_TYPE = /^WARC-Type:[ \t]*(\S+)/gim

/**
 * The format of the source `key` whose first bytes are `head` (as stored: a compressed head is
 * decompressed as far as it goes). Content that cannot be mistaken wins: `PAR1` is Parquet and
 * `WARC/` is WARC, or WET when its first record after `warcinfo` is a `conversion` (or, with
 * only `warcinfo` in view, when the name says `.wet`). Then the extension, after `.gz`/`.zst`:
 * jsonl, ndjson, parquet, csv, tsv, tab, txt, text, md, html, htm, xhtml, warc, wet. Then the
 * first non-blank character: `{` is JSON Lines, `<` HTML. `undefined` when none of these tell,
 * and for WAT files (`.wat`), which no reader takes.
 */
export function detectFormat(key: string, head: Uint8Array): SourceFormat | undefined {
  const name = key.slice(key.lastIndexOf('/') + 1).replace(COMPRESSED, '')
  const dot = name.lastIndexOf('.')
  const extension = dot > 0 ? name.slice(dot + 1).toLowerCase() : ''
  // A WAT file is WARC too, but of metadata records that none of the readers takes.
  if (extension === 'wat') return undefined
  const byName = EXTENSIONS[extension]
  const bytes = decompressHead(head)
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')
  if (text.startsWith('PAR1')) return 'parquet'
  if (text.startsWith('WARC/')) {
    for (const [, type] of text.matchAll(WARC_TYPE)) {
      const lower = type!.toLowerCase()
      if (lower !== 'warcinfo') return lower === 'conversion' ? 'wet' : 'warc'
    }
    return byName === 'wet' ? 'wet' : 'warc'
  }
  if (byName) return byName
  const first = text.replace(/^(\xef\xbb\xbf)?\s*/, '')[0]
  return first === '{' ? 'jsonl' : first === '<' ? 'html' : undefined
}
