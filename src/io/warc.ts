import { decodeDocument } from './charset.ts'
import { decompressedChunks } from './decompress.ts'
import { decodedPayload, isHttpResponse, parseContentType, parseHttpResponse } from './http-response.ts'
import type { ReadItem, RecordReader } from './record-reader.ts'
import { describe, readWarcRecords, targetUri, warcDate, type WarcRecord } from './warc-record.ts'

// Room for the HTTP status line and headers on top of a payload of `maxDocBytes`.
const HTTP_HEADER_ALLOWANCE = 1 << 16
const RESPONSE = new Set(['response'])

/**
 * Reads the HTTP responses of a WARC file (plain or .gz) into records `{ text, url,
 * fetched_at, content_type, charset, http_status, warc_record_id, warc_type }`, plus
 * `charset_fallback: true` when windows-1252 stood in for an unknown or undecodable charset.
 * `text` is the payload, de-chunked, decoded per `Content-Encoding` and decoded to text by the
 * charset of its `Content-Type` (else its HTML `<meta>`, else UTF-8, else windows-1252);
 * `fetched_at` is `WARC-Date` as an ISO string (null when unparseable); `content_type` the
 * MIME type only. Records of other types, and responses that are not HTTP (such as `dns:`),
 * are skipped. `offset` is where the record starts in the decompressed stream. See
 * {@link readWarcRecords} for what becomes a bad item.
 */
export const readWarc: RecordReader = async function* (file, options) {
  const scan = { types: RESPONSE, maxBlockBytes: options.maxDocBytes + HTTP_HEADER_ALLOWANCE }
  for await (const item of readWarcRecords(decompressedChunks(file), scan)) {
    const out = item.kind === 'bad' ? item : responseItem(item.record, options.maxDocBytes)
    if (out) yield out
  }
}

function responseItem(record: WarcRecord, maxDocBytes: number): ReadItem | undefined {
  const { offset, headers, block } = record
  const bad = (error: string): ReadItem => ({ kind: 'bad', offset, error: `${describe(record)}: ${error}` })
  if (!isHttpResponse(block)) {
    return /application\/http/i.test(headers.get('content-type') ?? '') ? bad('block does not start with an HTTP status line') : undefined
  }
  const response = parseHttpResponse(block)
  if (typeof response === 'string') return bad(response)
  const payload = decodedPayload(response, maxDocBytes)
  if (typeof payload === 'string') return bad(payload)
  const { mime, charset } = parseContentType(response.headers.get('content-type'))
  const decoded = decodeDocument(payload, charset)
  if (decoded.kind === 'invalid') return bad(`invalid UTF-8 at byte ${decoded.at} of a payload declared UTF-8`)
  const fields: Record<string, unknown> = {
    text: decoded.text,
    url: targetUri(headers),
    fetched_at: warcDate(headers),
    content_type: mime ?? null,
    charset: decoded.charset,
    http_status: response.status,
    warc_record_id: headers.get('warc-record-id') ?? null,
    warc_type: record.type,
  }
  if (decoded.fallback) fields.charset_fallback = true
  return { kind: 'record', fields, offset }
}
