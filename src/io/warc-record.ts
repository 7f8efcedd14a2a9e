import { ByteCursor } from './byte-cursor.ts'
import { findHeaderEnd, parseHeaderFields } from './header-fields.ts'

/** One WARC record: where it starts in the decompressed stream, its header fields (lowercased names) and its block. */
export interface WarcRecord {
  readonly offset: number
  /** The `WARC-Type`, lowercased. */
  readonly type: string
  readonly headers: ReadonlyMap<string, string>
  readonly block: Buffer
}

/** A wanted record, or what could not be read where one was expected. */
export type WarcItem =
  | { readonly kind: 'record'; readonly record: WarcRecord }
  | { readonly kind: 'bad'; readonly offset: number; readonly error: string; readonly raw?: string }

/** Which records to hand out, and how large a block may be held. */
export interface WarcScanOptions {
  /** `WARC-Type`s (lowercased) whose records are wanted; the others are parsed and passed over. */
  readonly types: ReadonlySet<string>
  /** A record with a larger block is skipped without being held (and is a bad item if wanted). */
  readonly maxBlockBytes: number
}

const MAX_HEADER_BYTES = 1 << 16
const MAGIC = 'WARC/'
const VERSION = /^WARC\/\d+\.\d+$/
const DIGITS = /^\d+$/
const CR = 0x0d
const NEWLINE = 0x0a

/**
 * Parses WARC records (1.0 and 1.1, and the older 0.x versions ClueWeb uses) from a stream of
 * decompressed chunks: the version line, header fields up to a blank line (CRLF or LF), a
 * block of `Content-Length` bytes, then line breaks up to the next record.
 *
 * Only wanted records are yielded. A wanted record that is truncated, too large, or whose
 * `Content-Length` does not end where the next record (or the file) begins is a bad item;
 * so is a header that cannot be parsed, and bytes between records that are not a record.
 * When a record's length is wrong the parser resyncs on the next `WARC/<major>.<minor>`
 * version line, scanning from the record's block so that a record the wrong length swallowed
 * is still found. Damage to the compressed stream is reported once, on the record it cut short
 * (or on its own).
 */
export async function* readWarcRecords(chunks: AsyncIterable<Buffer>, options: WarcScanOptions): AsyncGenerator<WarcItem> {
  const cursor = new ByteCursor(chunks)
  let damageReported = false
  const damaged = (error: string): string => {
    if (cursor.damage === undefined) return error
    damageReported = true
    return `${error}; ${cursor.damage}`
  }
  for (;;) {
    while ((cursor.available > 0 || (await cursor.more())) && (cursor.at(0) === CR || cursor.at(0) === NEWLINE)) cursor.advance(1)
    const start = cursor.offset
    if (cursor.available === 0) {
      if (cursor.damage !== undefined && !damageReported) yield { kind: 'bad', offset: start, error: cursor.damage }
      return
    }
    await cursor.need(MAGIC.length)
    if (cursor.view(0, MAGIC.length).toString('latin1') !== MAGIC) {
      const skipped = await resync(cursor)
      yield { kind: 'bad', offset: start, error: damaged(`${skipped} bytes at offset ${start} are not a WARC record`) }
      continue
    }
    let header = findHeaderEnd(cursor.view(0, cursor.available), 0, MAX_HEADER_BYTES)
    while (header === undefined && cursor.available <= MAX_HEADER_BYTES && (await cursor.more())) {
      header = findHeaderEnd(cursor.view(0, cursor.available), 0, MAX_HEADER_BYTES)
    }
    if (header === undefined) {
      const truncated = cursor.available <= MAX_HEADER_BYTES
      const raw = cursor.view(0, Math.min(cursor.available, MAX_HEADER_BYTES)).toString('utf8')
      cursor.advance(MAGIC.length)
      const skipped = MAGIC.length + (await resync(cursor))
      const problem = truncated ? 'header is truncated' : `header is longer than ${MAX_HEADER_BYTES} bytes`
      yield { kind: 'bad', offset: start, error: damaged(`record ${problem} (${skipped} bytes skipped)`), raw }
      continue
    }
    const headerText = cursor.view(0, header.end).toString('utf8')
    const lines = headerText.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line))
    const headers = parseHeaderFields(lines)
    const type = (headers.get('warc-type') ?? '').toLowerCase()
    const declared = headers.get('content-length') ?? ''
    if (!VERSION.test(lines[0]!.trim()) || !DIGITS.test(declared)) {
      cursor.advance(MAGIC.length)
      const skipped = MAGIC.length + (await resync(cursor))
      const problem = DIGITS.test(declared) ? `version line '${lines[0]!.trim()}' is not WARC/<major>.<minor>` : `Content-Length '${declared}' is not a byte count`
      yield { kind: 'bad', offset: start, error: damaged(`record header is invalid: ${problem} (${skipped} bytes skipped)`), raw: headerText }
      continue
    }
    const length = Number(declared)
    const bodyStart = header.next
    const wanted = options.types.has(type)
    const what = `${type || 'untyped'} record`
    if (length > options.maxBlockBytes) {
      cursor.advance(bodyStart)
      const skipped = await cursor.skip(length)
      if (wanted) {
        const error = skipped < length ? `${what} is truncated: Content-Length ${length}, ${skipped} bytes present` : `${what} of ${length} bytes exceeds the limit of ${options.maxBlockBytes}`
        yield { kind: 'bad', offset: start, error: damaged(error), raw: headerText }
      }
      continue
    }
    // Every record that fits is held until its end is checked, so that when its length is
    // wrong the next record can be looked for inside what it claimed.
    const have = (await cursor.need(bodyStart + length)) - bodyStart
    if (have < length) {
      cursor.advance(bodyStart + have)
      if (wanted) yield { kind: 'bad', offset: start, error: damaged(`${what} is truncated: Content-Length ${length}, ${have} bytes present`), raw: headerText }
      continue
    }
    const boundary = await recordEnd(cursor, bodyStart + length)
    if (boundary < 0) {
      cursor.advance(bodyStart)
      const skipped = await resync(cursor)
      const error = `${what} has a wrong Content-Length: ${length} bytes do not end at a record boundary (${skipped} bytes skipped to the next record)`
      if (wanted) yield { kind: 'bad', offset: start, error: damaged(error), raw: headerText }
      continue
    }
    const block = cursor.view(bodyStart, bodyStart + length)
    cursor.advance(boundary)
    if (wanted) yield { kind: 'record', record: { offset: start, type, headers, block } }
  }
}

/**
 * How far past the position the record whose block ends at `end` ends, line breaks after it
 * included: when the block is followed by the CRLF CRLF (or LF LF) that ends a record, or by
 * line breaks and the next record or the end of the stream. -1 when the block is followed by
 * anything else, which means its length is wrong.
 */
async function recordEnd(cursor: ByteCursor, end: number): Promise<number> {
  await cursor.need(end + 4)
  const separated =
    (cursor.at(end) === NEWLINE && cursor.at(end + 1) === NEWLINE) ||
    (cursor.at(end) === CR && cursor.at(end + 1) === NEWLINE && cursor.at(end + 2) === CR && cursor.at(end + 3) === NEWLINE)
  let i = end
  for (;;) {
    if (i >= cursor.available && !(await cursor.more())) return i
    const b = cursor.at(i)
    if (b !== CR && b !== NEWLINE) break
    i++
  }
  // Bytes that follow a proper separator are not this record's problem: they are reported
  // as what they are when the next record is looked for.
  if (separated) return i
  await cursor.need(i + MAGIC.length)
  return cursor.view(i, i + MAGIC.length).toString('latin1') === MAGIC ? i : -1
}

// A version line, which is how a record starts.
const VERSION_LINE = /^WARC\/\d+\.\d+\r?\n/
const VERSION_LINE_BYTES = 16

/**
 * Moves the position to the next `WARC/<major>.<minor>` version line (or the end of the
 * stream), holding no more than a chunk at a time; returns how many bytes it passed.
 */
async function resync(cursor: ByteCursor): Promise<number> {
  const from = cursor.offset
  let i = 0
  for (;;) {
    i = cursor.indexOf(MAGIC, i)
    if (i >= 0) {
      await cursor.need(i + VERSION_LINE_BYTES)
      if (VERSION_LINE.test(cursor.view(i, i + VERSION_LINE_BYTES).toString('latin1'))) {
        cursor.advance(i)
        return cursor.offset - from
      }
      i++
      continue
    }
    // Keep a tail that could be the start of a split `WARC/`.
    const keep = Math.min(cursor.available, MAGIC.length - 1)
    cursor.advance(cursor.available - keep)
    i = 0
    if (!(await cursor.more())) {
      cursor.advance(cursor.available)
      return cursor.offset - from
    }
  }
}

/** `<type> record <WARC-Record-ID>`, for messages. */
export function describe(record: WarcRecord): string {
  const id = record.headers.get('warc-record-id')
  return id === undefined ? `${record.type} record` : `${record.type} record ${id}`
}

/** `WARC-Target-URI`, without the angle brackets some writers put around it; null when absent. */
export function targetUri(headers: ReadonlyMap<string, string>): string | null {
  const uri = headers.get('warc-target-uri')
  if (uri === undefined) return null
  return uri.startsWith('<') && uri.endsWith('>') ? uri.slice(1, -1) : uri
}

// The usual form, which is already ISO with whole seconds in UTC: days up to 28 and hours up
// to 23 are never moved into the next day or month by parsing.
const PLAIN_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|1\d|2[0-8])T([01]\d|2[0-3]):[0-5]\d:[0-5]\dZ$/

/** `WARC-Date` as an ISO 8601 string in UTC, or null when absent or not a date. */
export function warcDate(headers: ReadonlyMap<string, string>): string | null {
  const value = headers.get('warc-date')
  if (value === undefined) return null
  // `toISOString` costs more than the rest of a record's header; the usual form skips it.
  if (PLAIN_DATE.test(value)) return `${value.slice(0, 19)}.000Z`
  const time = Date.parse(value)
  return Number.isNaN(time) ? null : new Date(time).toISOString()
}
