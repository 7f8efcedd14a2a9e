/**
 * One line of a stream, without its `\n` or `\r\n`: its bytes, or only its length when it is
 * longer than the splitter's limit. `offset` is where its bytes start in the stream (after a
 * leading UTF-8 byte order mark on the first line), `line` is 1-based.
 */
export type LineEvent =
  | { readonly kind: 'line'; readonly bytes: Buffer; readonly offset: number; readonly line: number }
  | { readonly kind: 'too_long'; readonly length: number; readonly offset: number; readonly line: number }

const NEWLINE = 0x0a
const CR = 0x0d

/**
 * Splits a stream of chunks into lines with `Buffer.indexOf` (a native byte search) and hands
 * out views into the chunks, so a line that does not straddle chunks is never copied. A line
 * longer than `maxBytes` is not held: the splitter counts on to its newline and reports its
 * length.
 */
export class LineSplitter {
  readonly #maxBytes: number
  // The start of the line in progress, held while its newline has not arrived.
  readonly #parts: Buffer[] = []
  #held = 0
  // Bytes of the line in progress once it is known to be too long; -1 while it is not.
  #skipped = -1
  #offset = 0
  #line = 1
  #next = 0

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes
  }

  /** Where the line in progress (or the next one) starts: for reporting damage after it. */
  get offset(): number {
    return this.#offset
  }

  /** The 1-based number of the line in progress (or the next one). */
  get line(): number {
    return this.#line
  }

  /** The lines that `chunk` completes, in order. Consume them before pushing the next chunk. */
  *push(chunk: Buffer): Generator<LineEvent> {
    const base = this.#next
    this.#next += chunk.length
    let pos = 0
    if (base === 0 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
      pos = 3
      this.#offset = 3
    }
    for (;;) {
      const end = chunk.indexOf(NEWLINE, pos)
      if (end < 0) break
      yield this.#finish(chunk, pos, end)
      this.#offset = base + end + 1
      this.#line++
      pos = end + 1
    }
    const rest = chunk.length - pos
    if (rest === 0) return
    if (this.#skipped >= 0) this.#skipped += rest
    // One byte of slack for the `\r` of a CRLF line of exactly `maxBytes`.
    else if (this.#held + rest > this.#maxBytes + 1) {
      this.#skipped = this.#held + rest
      this.#parts.length = 0
      this.#held = 0
    } else {
      this.#parts.push(pos === 0 ? chunk : chunk.subarray(pos))
      this.#held += rest
    }
  }

  /** The last line when the stream does not end with a newline. */
  *end(): Generator<LineEvent> {
    if (this.#held > 0 || this.#skipped >= 0) yield this.#finish(Buffer.alloc(0), 0, 0)
  }

  #finish(chunk: Buffer, start: number, end: number): LineEvent {
    const offset = this.#offset
    const line = this.#line
    if (this.#skipped >= 0) {
      const length = this.#skipped + end - start
      this.#skipped = -1
      return { kind: 'too_long', length, offset, line }
    }
    let bytes = chunk.subarray(start, end)
    if (this.#held > 0) {
      this.#parts.push(bytes)
      bytes = Buffer.concat(this.#parts, this.#held + bytes.length)
      this.#parts.length = 0
      this.#held = 0
    }
    if (bytes.length > 0 && bytes[bytes.length - 1] === CR) bytes = bytes.subarray(0, bytes.length - 1)
    if (bytes.length > this.#maxBytes) return { kind: 'too_long', length: bytes.length, offset, line }
    return { kind: 'line', bytes, offset, line }
  }
}

/** True when `bytes` holds only spaces, tabs and carriage returns (or nothing). */
export function isBlank(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]
    if (b !== 0x20 && b !== 0x09 && b !== CR) return false
  }
  return true
}
