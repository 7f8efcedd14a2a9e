import { isStrataError } from '../core/errors.ts'

/**
 * A read position over a stream of chunks, for parsers that need to look ahead: bytes from
 * the position on are held (and can be looked at, searched and taken as views) until the
 * position moves past them. Offsets are absolute in the stream. Damage to a compressed
 * stream (a `corrupt_file` error) ends it; `damage` then says what happened.
 */
export class ByteCursor {
  readonly #source: AsyncIterator<Buffer>
  #buf: Buffer = Buffer.alloc(0)
  #pos = 0
  #base = 0
  #done = false
  /** Why the stream ended early, if it did. */
  damage: string | undefined

  constructor(chunks: AsyncIterable<Buffer>) {
    this.#source = chunks[Symbol.asyncIterator]()
  }

  /** The absolute offset of the position. */
  get offset(): number {
    return this.#base + this.#pos
  }

  /** How many bytes from the position on are held. */
  get available(): number {
    return this.#buf.length - this.#pos
  }

  /** Holds at least `n` bytes from the position on, unless the stream ends first; returns how many are held. */
  async need(n: number): Promise<number> {
    let have = this.available
    if (have >= n || this.#done) return have
    // One concatenation however many chunks it takes: a large record is copied once.
    const parts = [this.#buf.subarray(this.#pos)]
    while (have < n) {
      const chunk = await this.#pull()
      if (chunk === undefined) break
      parts.push(chunk)
      have += chunk.length
    }
    this.#base += this.#pos
    this.#pos = 0
    this.#buf = parts.length === 1 ? parts[0]! : Buffer.concat(parts, have)
    return have
  }

  /** Holds at least one more byte; false at the end of the stream. */
  async more(): Promise<boolean> {
    const before = this.available
    return (await this.need(before + 1)) > before
  }

  /** The byte `i` bytes past the position (held), or `undefined`. */
  at(i: number): number | undefined {
    return this.#buf[this.#pos + i]
  }

  /** A view of held bytes `start` to `end` past the position. */
  view(start: number, end: number): Buffer {
    return this.#buf.subarray(this.#pos + start, this.#pos + end)
  }

  /** Where `pattern` first occurs in the held bytes at or after `from` past the position, or -1. */
  indexOf(pattern: string | number, from: number): number {
    const i = this.#buf.indexOf(pattern, this.#pos + from, 'latin1')
    return i < 0 ? -1 : i - this.#pos
  }

  /** Moves the position `n` held bytes on. */
  advance(n: number): void {
    this.#pos += n
  }

  /** Moves the position `n` bytes on without holding them; returns how many there were. */
  async skip(n: number): Promise<number> {
    let skipped = Math.min(n, this.available)
    this.#pos += skipped
    while (skipped < n) {
      const chunk = await this.#pull()
      if (chunk === undefined) break
      const take = Math.min(n - skipped, chunk.length)
      this.#base += this.#buf.length
      this.#buf = chunk
      this.#pos = take
      skipped += take
    }
    return skipped
  }

  async #pull(): Promise<Buffer | undefined> {
    if (this.#done) return undefined
    try {
      const next = await this.#source.next()
      if (!next.done) return next.value
    } catch (e) {
      if (!isStrataError(e, 'corrupt_file')) throw e
      this.damage = e.message
    }
    this.#done = true
    return undefined
  }
}
