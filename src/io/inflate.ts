import { createGunzip, createZstdDecompress, type Gunzip, type ZstdDecompress } from 'node:zlib'
import { StrataError } from '../core/errors.ts'

// Compressed input is fed in pieces this large. Output chunks are large so that a piece
// usually inflates in one trip to the thread pool, which lets it overlap with the caller's
// parsing of the previous piece.
const PIECE_BYTES = 1 << 15
const OUTPUT_CHUNK_BYTES = 1 << 20
// Output held at once, whatever a piece inflates to (a decompression bomb).
const HIGH_WATER_BYTES = 1 << 24

/**
 * The decompressed bytes of a gzip (every member) or zstd (every frame) stream whose first
 * chunk is `head` and whose other chunks come from `rest`.
 *
 * A truncated or corrupt stream ends the iteration with a `corrupt_file` error that names the
 * problem and how many decompressed bytes were yielded before it. Truncation loses nothing
 * decodable; corruption loses what zlib had decoded from the failing piece (at most 32 KiB of
 * input), which it drops with the error.
 */
export async function* inflate(compression: 'gzip' | 'zstd', head: Buffer, rest: AsyncIterator<Uint8Array> | undefined): AsyncGenerator<Buffer> {
  let input = head
  let at = 0
  const nextPiece = async (): Promise<Buffer | undefined> => {
    while (at >= input.length) {
      const next = rest && (await rest.next())
      if (!next || next.done) return undefined
      input = asBuffer(next.value)
      at = 0
    }
    return input.subarray(at, at + PIECE_BYTES)
  }
  let engine = new Engine(compression)
  let produced = 0
  const take = (): Buffer[] => {
    const chunks = engine.take()
    for (const c of chunks) produced += c.length
    return chunks
  }
  try {
    let ready: Buffer[] = []
    for (let piece = await nextPiece(); piece && engine.failure === undefined; piece = await nextPiece()) {
      const before = engine.bytesWritten
      const written = engine.write(piece)
      // The engine inflates this piece on the thread pool while the caller parses the last one.
      yield* ready
      while (!(await written())) {
        engine.pause()
        yield* take()
        engine.resume()
      }
      const used = engine.bytesWritten - before
      ready = take()
      if (engine.failure !== undefined || compression === 'gzip' || (used === piece.length && !engine.ended)) at += piece.length
      else if (used === 0) engine.failure = new Error('the decoder consumed no input')
      else {
        // A zstd engine ends with a frame that ends inside a write; the next frame needs a new one.
        at += used
        engine.destroy()
        engine = new Engine(compression)
      }
    }
    yield* ready
    if (engine.failure === undefined) await engine.end()
    yield* take()
    const failure = engine.failure
    if (failure !== undefined) {
      const truncated = failure.code === 'Z_BUF_ERROR'
      throw new StrataError('corrupt_file', `${truncated ? 'truncated' : 'corrupt'} ${compression} stream after ${produced} decompressed bytes (${failure.message})`, {
        cause: failure,
      })
    }
  } finally {
    engine.destroy()
  }
}

/** One zlib or zstd decompressor, fed a piece at a time, keeping what it produced before an error. */
class Engine {
  readonly #stream: Gunzip | ZstdDecompress
  #output: Buffer[] = []
  #queued = 0
  #written = false
  #ended = false
  #wake: (() => void) | undefined
  failure: (Error & { code?: string }) | undefined

  constructor(compression: 'gzip' | 'zstd') {
    const options = { chunkSize: OUTPUT_CHUNK_BYTES }
    this.#stream = compression === 'gzip' ? createGunzip(options) : createZstdDecompress(options)
    // Flowing 'data' events hand over every chunk produced before an error; an async iterator
    // over the stream would drop what it had buffered when the error destroys it.
    this.#stream.on('data', (chunk: Buffer) => {
      this.#output.push(chunk)
      this.#queued += chunk.length
      if (this.#queued >= HIGH_WATER_BYTES) this.#signal()
    })
    this.#stream.on('error', (e) => ((this.failure = e), this.#signal()))
    this.#stream.on('end', () => ((this.#ended = true), this.#signal()))
  }

  /** True once the decompressor has ended its output. */
  get ended(): boolean {
    return this.#ended
  }

  /** Input bytes the decompressor has consumed. */
  get bytesWritten(): number {
    return this.#stream.bytesWritten
  }

  /**
   * Starts writing `piece`; the returned function waits until the piece is consumed, the
   * stream ended (a zstd frame that ends inside the piece ends it) or failed (true), or until
   * output piles up past the high-water mark (false: take it, then wait again).
   */
  write(piece: Buffer): () => Promise<boolean> {
    this.#written = false
    this.#stream.write(piece, () => ((this.#written = true), this.#signal()))
    const settled = () => this.#written || this.#ended || this.failure !== undefined
    return async () => {
      await this.#until(() => settled() || this.#queued >= HIGH_WATER_BYTES)
      return settled()
    }
  }

  /** Ends the input and waits for the last output (or the error that the end reveals). */
  async end(): Promise<void> {
    if (!this.#ended) this.#stream.end()
    await this.#until(() => this.#ended || this.failure !== undefined)
  }

  /** The output produced so far, handed over. */
  take(): Buffer[] {
    const chunks = this.#output
    this.#output = []
    this.#queued = 0
    return chunks
  }

  pause(): void {
    this.#stream.pause()
  }

  resume(): void {
    this.#stream.resume()
  }

  destroy(): void {
    this.#stream.destroy()
  }

  #signal(): void {
    const wake = this.#wake
    this.#wake = undefined
    wake?.()
  }

  async #until(ready: () => boolean): Promise<void> {
    while (!ready()) await new Promise<void>((resolve) => (this.#wake = resolve))
  }
}

/** `chunk` as a Buffer, without copying. */
export function asBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
}
