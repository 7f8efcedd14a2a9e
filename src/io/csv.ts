import { isStrataError } from '../core/errors.ts'
import { decompressedChunks } from './decompress.ts'
import type { ReadItem, RecordReader } from './record-reader.ts'
import { invalidUtf8At } from './utf8.ts'

/**
 * Reads RFC 4180 CSV: the first non-blank row names the fields, every later row is a record
 * of strings. Quoted fields may hold delimiters, doubled quotes and newlines; rows end with
 * LF or CRLF; blank lines are skipped. A row with the wrong number of fields, text after a
 * closing quote, invalid UTF-8, more than `maxDocBytes` bytes, or an unterminated quote at
 * the end of the file is a bad item. `offset` and `line` are those of the row's start.
 */
export const readCsv: RecordReader = (file, options) => readDelimited(decompressedChunks(file), COMMA, options.maxDocBytes)

/** Reads tab-separated values with the same rules as {@link readCsv}. */
export const readTsv: RecordReader = (file, options) => readDelimited(decompressedChunks(file), TAB, options.maxDocBytes)

const COMMA = 0x2c
const TAB = 0x09
const QUOTE = 0x22
const NEWLINE = 0x0a
const CR = 0x0d

const FIELD_START = 0
const UNQUOTED = 1
const QUOTED = 2
// A quote inside a quoted field: the field's end, or the first half of a doubled quote.
const AFTER_QUOTE = 3

async function* readDelimited(chunks: AsyncIterable<Buffer>, delimiter: number, maxDocBytes: number): AsyncGenerator<ReadItem> {
  const rows = new RowParser(delimiter, maxDocBytes)
  try {
    for await (const chunk of chunks) yield* rows.push(chunk)
    yield* rows.end()
  } catch (e) {
    if (!isStrataError(e, 'corrupt_file')) throw e
    yield { kind: 'bad', offset: rows.rowStart, line: rows.rowLine, error: e.message }
  }
}

// A byte-at-a-time state machine over the chunks; it holds the bytes of the row in progress
// (up to the limit) and yields each row's item when its newline arrives.
class RowParser {
  readonly #delimiter: number
  readonly #maxBytes: number
  #header: string[] | undefined
  #headerError: string | undefined
  // The row in progress: where it starts, its bytes held from earlier chunks, its fields.
  rowStart = 0
  rowLine = 1
  #line = 1
  #next = 0
  #parts: Buffer[] = []
  #held = 0
  #tooLong = false
  #error: string | undefined
  #state = FIELD_START
  // Field boundaries relative to the row start, and whether a field holds doubled quotes to
  // undo; reused from row to row.
  readonly #starts: number[] = []
  readonly #ends: number[] = []
  readonly #doubled: boolean[] = []
  #previous = 0

  constructor(delimiter: number, maxBytes: number) {
    this.#delimiter = delimiter
    this.#maxBytes = maxBytes
  }

  *push(chunk: Buffer): Generator<ReadItem> {
    const base = this.#next
    this.#next += chunk.length
    let i = 0
    if (base === 0 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
      i = 3
      this.rowStart = 3
    }
    let rowFrom = i
    const delimiter = this.#delimiter
    for (; i < chunk.length; i++) {
      const b = chunk[i]!
      const at = base + i - this.rowStart
      switch (this.#state) {
        case QUOTED:
          if (b === QUOTE) this.#state = AFTER_QUOTE
          else if (b === NEWLINE) this.#line++
          break
        case AFTER_QUOTE:
          if (b === QUOTE && this.#previous === QUOTE) {
            this.#state = QUOTED
            this.#doubled[this.#doubled.length - 1] = true
            break
          }
          if (this.#ends.length < this.#starts.length) this.#ends.push(at - 1)
          if (b === delimiter) this.#state = FIELD_START
          else if (b === NEWLINE) {
            yield* this.#endRow(chunk, rowFrom, i, base)
            rowFrom = i + 1
          } else if (b !== CR) {
            this.#error ??= `text after the closing quote of field ${this.#starts.length}`
            this.#state = UNQUOTED
          }
          break
        default:
          if (b === NEWLINE) {
            if (this.#state === FIELD_START) this.#field(at)
            this.#closeUnquoted(this.#previous === CR ? at - 1 : at)
            yield* this.#endRow(chunk, rowFrom, i, base)
            rowFrom = i + 1
          } else if (b === delimiter) {
            if (this.#state === FIELD_START) this.#field(at)
            this.#closeUnquoted(at)
            this.#state = FIELD_START
          } else if (this.#state === FIELD_START) {
            if (b === QUOTE) {
              this.#field(at + 1)
              this.#state = QUOTED
            } else {
              this.#field(at)
              this.#state = UNQUOTED
            }
          }
      }
      this.#previous = b
    }
    if (rowFrom < chunk.length) this.#hold(chunk.subarray(rowFrom))
  }

  *end(): Generator<ReadItem> {
    const length = this.#next - this.rowStart
    if (length === 0) return
    if (this.#state === QUOTED) {
      yield this.#bad(`unterminated quoted field ${this.#starts.length} at end of file`, this.#rowBytes(Buffer.alloc(0)))
      return
    }
    const at = length
    if (this.#state === FIELD_START) this.#field(at)
    else if (this.#state === AFTER_QUOTE && this.#ends.length < this.#starts.length) this.#ends.push(at - 1)
    this.#closeUnquoted(this.#previous === CR ? at - 1 : at)
    yield* this.#endRow(Buffer.alloc(0), 0, 0, this.#next)
  }

  #field(start: number): void {
    this.#starts.push(start)
    this.#doubled.push(false)
  }

  #closeUnquoted(end: number): void {
    if (this.#ends.length < this.#starts.length) this.#ends.push(end)
  }

  #hold(bytes: Buffer): void {
    if (this.#tooLong) return
    this.#held += bytes.length
    if (this.#held > this.#maxBytes + 1) {
      this.#tooLong = true
      this.#parts.length = 0
      this.#held = 0
    } else this.#parts.push(bytes)
  }

  #rowBytes(last: Buffer): Buffer | undefined {
    if (this.#tooLong) return undefined
    if (this.#held === 0) return last
    this.#parts.push(last)
    return Buffer.concat(this.#parts)
  }

  *#endRow(chunk: Buffer, from: number, end: number, base: number): Generator<ReadItem> {
    const bytes = this.#rowBytes(chunk.subarray(from, end))
    const length = base + end - this.rowStart
    const item = this.#row(bytes, this.#previous === CR ? length - 1 : length)
    if (item) yield item
    this.#line++
    this.rowStart = base + end + 1
    this.rowLine = this.#line
    this.#parts.length = 0
    this.#held = 0
    this.#tooLong = false
    this.#error = undefined
    this.#state = FIELD_START
    this.#starts.length = 0
    this.#ends.length = 0
    this.#doubled.length = 0
  }

  #row(bytes: Buffer | undefined, length: number): ReadItem | undefined {
    if (length <= 0) return undefined
    if (bytes === undefined || length > this.#maxBytes) return this.#bad(`row of ${length} bytes exceeds maxDocBytes ${this.#maxBytes}`)
    if (this.#error) return this.#bad(this.#error, bytes)
    const invalid = invalidUtf8At(bytes)
    if (invalid >= 0) return this.#bad(`invalid UTF-8 at byte ${this.rowStart + invalid}`, bytes)
    const values = this.#starts.map((start, i) => {
      const text = bytes.toString('utf8', start, this.#ends[i])
      return this.#doubled[i] ? text.replaceAll('""', '"') : text
    })
    if (this.#header === undefined) {
      if (this.#headerError !== undefined) return this.#bad(this.#headerError, bytes)
      this.#header = fieldNames(values)
      return undefined
    }
    if (values.length !== this.#header.length) return this.#bad(`row has ${values.length} fields, expected ${this.#header.length} (the header's)`, bytes)
    const fields: Record<string, unknown> = {}
    for (let i = 0; i < values.length; i++) fields[this.#header[i]!] = values[i]
    return { kind: 'record', fields, offset: this.rowStart, line: this.rowLine }
  }

  #bad(error: string, bytes?: Buffer): ReadItem {
    // Rows after a broken header have no field names to go by.
    if (this.#header === undefined) this.#headerError ??= `no valid header row (line ${this.rowLine} was not: ${error})`
    return { kind: 'bad', offset: this.rowStart, line: this.rowLine, error, ...(bytes ? { raw: bytes.toString('utf8') } : {}) }
  }
}

/**
 * The header's values as field names: an empty one becomes `column_<n>` (1-based) and a
 * repeated one gets `.1`, `.2`, … as pandas does, so no column is lost.
 */
function fieldNames(values: string[]): string[] {
  const seen = new Set<string>()
  return values.map((value, i) => {
    const base = value === '' ? `column_${i + 1}` : value
    let name = base
    for (let n = 1; seen.has(name); n++) name = `${base}.${n}`
    seen.add(name)
    return name
  })
}
