import { isStrataError } from '../core/errors.ts'
import { decompressedChunks, readWhole } from './decompress.ts'
import { LineSplitter, isBlank, type LineEvent } from './line-splitter.ts'
import type { ReadItem, ReaderOptions, RecordReader, SourceFile } from './record-reader.ts'
import { invalidUtf8At } from './utf8.ts'

/**
 * Reads UTF-8 text into records `{ text }`: the whole file as one record (`split: 'file'`, the
 * default; an empty file has none), one per non-blank line (`'lines'`), or one per paragraph
 * of consecutive non-blank lines (`'paragraphs'`, joined with `\n`). A record that is not
 * valid UTF-8 or longer than `maxDocBytes` is a bad item naming the byte offset of the
 * problem; `offset` and `line` are those of the record's first byte.
 */
export const readText: RecordReader = (file, options) => {
  const split = options.split ?? 'file'
  return split === 'file' ? readFile(file, options.maxDocBytes) : readSegments(file, options, split === 'paragraphs')
}

async function* readFile(file: SourceFile, maxDocBytes: number): AsyncGenerator<ReadItem> {
  const whole = await readWhole(file, maxDocBytes)
  if (whole.kind === 'damaged') yield { kind: 'bad', offset: 0, line: 1, error: whole.error }
  else if (whole.kind === 'too_long') yield { kind: 'bad', offset: 0, line: 1, error: `file of ${whole.size} bytes exceeds maxDocBytes ${maxDocBytes}` }
  else {
    const bom = whole.bytes[0] === 0xef && whole.bytes[1] === 0xbb && whole.bytes[2] === 0xbf ? 3 : 0
    const bytes = whole.bytes.subarray(bom)
    if (bytes.length > 0) yield textItem(bytes, bom, 1, invalidUtf8At(bytes))
  }
}

function textItem(bytes: Buffer, offset: number, line: number, invalid: number): ReadItem {
  if (invalid >= 0) return { kind: 'bad', offset, line, error: `invalid UTF-8 at byte ${offset + invalid}`, raw: bytes.toString('utf8') }
  return { kind: 'record', fields: { text: bytes.toString('utf8') }, offset, line }
}

async function* readSegments(file: SourceFile, options: ReaderOptions, paragraphs: boolean): AsyncGenerator<ReadItem> {
  const lines = new LineSplitter(options.maxDocBytes)
  const segments = paragraphs ? new Paragraphs(options.maxDocBytes) : undefined
  const take = (event: LineEvent): ReadItem | undefined => (segments ? segments.add(event) : lineItem(event, options.maxDocBytes))
  try {
    for await (const chunk of decompressedChunks(file)) {
      for (const event of lines.push(chunk)) {
        const item = take(event)
        if (item) yield item
      }
    }
    for (const event of lines.end()) {
      const item = take(event)
      if (item) yield item
    }
    const last = segments?.flush()
    if (last) yield last
  } catch (e) {
    if (!isStrataError(e, 'corrupt_file')) throw e
    const at = segments?.pending ?? lines
    yield { kind: 'bad', offset: at.offset, line: at.line, error: e.message }
  }
}

function lineItem(event: LineEvent, maxDocBytes: number): ReadItem | undefined {
  if (event.kind === 'too_long') return { kind: 'bad', offset: event.offset, line: event.line, error: tooLong(event.length, maxDocBytes) }
  if (isBlank(event.bytes)) return undefined
  return textItem(event.bytes, event.offset, event.line, invalidUtf8At(event.bytes))
}

function tooLong(bytes: number, maxDocBytes: number): string {
  return `text of ${bytes} bytes exceeds maxDocBytes ${maxDocBytes}`
}

const NEWLINE = Buffer.from('\n')

/** Gathers lines into paragraphs: a blank line ends one. */
class Paragraphs {
  readonly #maxBytes: number
  #lines: Buffer[] = []
  #bytes = 0
  #invalid = -1
  /** The paragraph in progress, if any. */
  pending: { offset: number; line: number } | undefined

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes
  }

  /** Takes one line; returns the paragraph it ends, if it ends one. */
  add(event: LineEvent): ReadItem | undefined {
    if (event.kind === 'line' && isBlank(event.bytes)) return this.flush()
    const size = event.kind === 'line' ? event.bytes.length : event.length
    this.pending ??= { offset: event.offset, line: event.line }
    this.#bytes += (this.#bytes > 0 ? 1 : 0) + size
    if (event.kind === 'too_long' || this.#bytes > this.#maxBytes) this.#lines.length = 0
    else {
      if (this.#invalid < 0) {
        const invalid = invalidUtf8At(event.bytes)
        if (invalid >= 0) this.#invalid = event.offset + invalid - this.pending.offset
      }
      if (this.#lines.length > 0) this.#lines.push(NEWLINE)
      this.#lines.push(event.bytes)
    }
    return undefined
  }

  /** The paragraph in progress as a record or bad item, if there is one. */
  flush(): ReadItem | undefined {
    const start = this.pending
    if (start === undefined) return undefined
    const { offset, line } = start
    const item: ReadItem =
      this.#bytes > this.#maxBytes
        ? { kind: 'bad', offset, line, error: tooLong(this.#bytes, this.#maxBytes) }
        : textItem(Buffer.concat(this.#lines), offset, line, this.#invalid)
    this.#lines = []
    this.#bytes = 0
    this.#invalid = -1
    this.pending = undefined
    return item
  }
}
