import { decodeDocument } from './charset.ts'
import { decompressedChunks } from './decompress.ts'
import { parseContentType } from './http-response.ts'
import type { ReadItem, RecordReader } from './record-reader.ts'
import { describe, readWarcRecords, targetUri, warcDate, type WarcRecord } from './warc-record.ts'

const CONVERSION = new Set(['conversion'])

/**
 * Reads the extracted text of a WET file (plain or .gz): each `conversion` record becomes
 * `{ text, url, fetched_at, content_type, warc_record_id, languages }`, plus
 * `charset_fallback: true` when the text was not UTF-8 and was read as windows-1252.
 * `languages` lists `WARC-Identified-Content-Language` (null when absent); the other fields
 * are as for {@link readWarc}. Other record types are skipped. `offset` is where the record
 * starts in the decompressed stream.
 */
export const readWet: RecordReader = async function* (file, options) {
  const scan = { types: CONVERSION, maxBlockBytes: options.maxDocBytes }
  for await (const item of readWarcRecords(decompressedChunks(file), scan)) {
    yield item.kind === 'bad' ? item : conversionItem(item.record)
  }
}

function conversionItem(record: WarcRecord): ReadItem {
  const { offset, headers, block } = record
  const { mime, charset } = parseContentType(headers.get('content-type'))
  const decoded = decodeDocument(block, charset)
  if (decoded.kind === 'invalid') {
    return { kind: 'bad', offset, error: `${describe(record)}: invalid UTF-8 at byte ${decoded.at} of a block declared UTF-8` }
  }
  const languages = headers.get('warc-identified-content-language')
  const fields: Record<string, unknown> = {
    text: decoded.text,
    url: targetUri(headers),
    fetched_at: warcDate(headers),
    content_type: mime ?? null,
    warc_record_id: headers.get('warc-record-id') ?? null,
    languages: languages === undefined ? null : languages.split(',').map((l) => l.trim()).filter((l) => l !== ''),
  }
  if (decoded.fallback) fields.charset_fallback = true
  return { kind: 'record', fields, offset }
}
