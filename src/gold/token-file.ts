import { mkdir, open, type FileHandle } from 'node:fs/promises'
import { endianness } from 'node:os'
import path from 'node:path'
import { StrataError } from '../core/errors.ts'

/** The integer types token ids are stored in, little-endian. */
export type TokenDtype = 'uint16' | 'int32' | 'uint32'

/** Bytes per token of each dtype. */
export const DTYPE_BYTES: { readonly [D in TokenDtype]: 2 | 4 } = { uint16: 2, int32: 4, uint32: 4 }

/** The largest token id each dtype holds; the smallest is 0 for all. */
const DTYPE_MAX: { readonly [D in TokenDtype]: number } = { uint16: 0xffff, int32: 0x7fffffff, uint32: 0xffffffff }

/** The write buffer of a shard file unless the caller picks one: large writes, bounded memory. */
export const DEFAULT_BUFFER_BYTES = 4 << 20

/**
 * A binary file written front to back through one fixed buffer, so memory stays at the buffer
 * whatever the file's size and the disk sees one write per buffer, never one per document.
 * Numbers are little-endian, as Megatron-LM and datatrove read them.
 *
 * Writes are positional, which lets `putTokens` take back a document it refused even after
 * part of it was flushed; `close` cuts the file to what was kept. Await each call before
 * the next: the buffer is shared.
 */
export class ShardFile {
  /** The file's path. */
  readonly path: string
  readonly #handle: FileHandle
  readonly #bytes: Uint8Array
  readonly #view: DataView
  // Views of the buffer for each dtype: a token file holds tokens only, so its buffer
  // position is always a multiple of the token width and the views stay aligned.
  readonly #tokens: { readonly [D in TokenDtype]: Uint16Array | Int32Array | Uint32Array }
  #used = 0
  #flushed = 0

  private constructor(file: string, handle: FileHandle, bufferBytes: number) {
    this.path = file
    this.#handle = handle
    const buffer = new ArrayBuffer(bufferBytes)
    this.#bytes = new Uint8Array(buffer)
    this.#view = new DataView(buffer)
    this.#tokens = { uint16: new Uint16Array(buffer), int32: new Int32Array(buffer), uint32: new Uint32Array(buffer) }
  }

  /**
   * Creates (or truncates) `dir/name`, creating `dir` if needed. `name` is a plain file name;
   * `bufferBytes` a positive multiple of 8.
   */
  static async create(dir: string, name: string, bufferBytes = DEFAULT_BUFFER_BYTES): Promise<ShardFile> {
    if (name === '' || name === '.' || name === '..' || path.basename(name) !== name) {
      throw new StrataError('invalid_argument', `shard file name '${name}' is not a plain file name`)
    }
    if (!Number.isSafeInteger(bufferBytes) || bufferBytes <= 0 || bufferBytes % 8 !== 0) {
      throw new StrataError('invalid_argument', `shard write buffer of ${bufferBytes} bytes is not a positive multiple of 8`)
    }
    // Tokens are copied through typed arrays, which use the machine's byte order.
    if (endianness() !== 'LE') throw new StrataError('unsupported_feature', 'token shards are written on little-endian machines only')
    await mkdir(dir, { recursive: true })
    const file = path.join(dir, name)
    return new ShardFile(file, await open(file, 'w'), bufferBytes)
  }

  /** Bytes written so far, buffered ones included. */
  get size(): number {
    return this.#flushed + this.#used
  }

  /** Appends raw bytes. */
  async putBytes(bytes: Uint8Array): Promise<void> {
    for (let i = 0; i < bytes.length; ) {
      if (this.#used === this.#bytes.length) await this.#flush()
      const n = Math.min(bytes.length - i, this.#bytes.length - this.#used)
      this.#bytes.set(bytes.subarray(i, i + n), this.#used)
      this.#used += n
      i += n
    }
  }

  /** Appends `count` int32 values; `valueAt` is called for i = 0 .. count-1 in order. */
  async putInt32s(count: number, valueAt: (i: number) => number): Promise<void> {
    for (let i = 0; i < count; i++) {
      if (this.#used + 4 > this.#bytes.length) await this.#flush()
      this.#view.setInt32(this.#used, valueAt(i), true)
      this.#used += 4
    }
  }

  /**
   * Appends `count` unsigned 64-bit values (exact up to 2^53, which no shard reaches); `valueAt`
   * is called for i = 0 .. count-1 in order. Non-negative int64 values have the same bytes.
   */
  async putUint64s(count: number, valueAt: (i: number) => number): Promise<void> {
    for (let i = 0; i < count; i++) {
      if (this.#used + 8 > this.#bytes.length) await this.#flush()
      const v = valueAt(i)
      this.#view.setUint32(this.#used, v % 0x1_0000_0000, true)
      this.#view.setUint32(this.#used + 4, Math.floor(v / 0x1_0000_0000), true)
      this.#used += 8
    }
  }

  /**
   * Appends one document's token ids as `dtype`. An id that is not an integer within the
   * dtype's range is a StrataError('invalid_argument') naming `document` (the caller's number
   * for it) and the id; the document is then taken back whole, so the file holds the
   * documents before it and the writer can go on.
   */
  async putTokens(tokens: ArrayLike<number>, dtype: TokenDtype, document: number): Promise<void> {
    const start = this.size
    const width = DTYPE_BYTES[dtype]
    const out = this.#tokens[dtype]
    for (let i = 0; i < tokens.length; ) {
      if (this.#used === this.#bytes.length) await this.#flush()
      const at = this.#used / width
      const end = Math.min(tokens.length, i + out.length - at)
      const bad = copy[dtype](out, at, tokens, i, end)
      if (bad >= 0) {
        this.#rewind(start)
        throw new StrataError(
          'invalid_argument',
          `token id ${tokens[bad]} at index ${bad} of document ${document} does not fit ${dtype} (0 to ${DTYPE_MAX[dtype]})`,
        )
      }
      this.#used += (end - i) * width
      i = end
    }
  }

  /** Writes what is buffered, cuts off anything a refused document left beyond it, and closes. */
  async close(): Promise<void> {
    try {
      await this.#flush()
      await this.#handle.truncate(this.#flushed)
    } finally {
      await this.#handle.close()
    }
  }

  #rewind(offset: number): void {
    if (offset >= this.#flushed) {
      this.#used = offset - this.#flushed
    } else {
      this.#flushed = offset
      this.#used = 0
    }
  }

  async #flush(): Promise<void> {
    for (let done = 0; done < this.#used; ) {
      const { bytesWritten } = await this.#handle.write(this.#bytes, done, this.#used - done, this.#flushed + done)
      done += bytesWritten
    }
    this.#flushed += this.#used
    this.#used = 0
  }
}

/** Copies tokens[from..to) to out[at..] and returns the index of the first id that does not fit, or -1. */
type Copy = (out: Uint16Array | Int32Array | Uint32Array, at: number, tokens: ArrayLike<number>, from: number, to: number) => number

// One loop per dtype keeps each monomorphic; the bit tests reject fractions, NaN and
// out-of-range values in one comparison.
const copy: { readonly [D in TokenDtype]: Copy } = {
  uint16: (out, at, tokens, from, to) => {
    for (let i = from; i < to; i++) {
      const v = tokens[i]
      if ((v & 0xffff) !== v) return i
      out[at++] = v
    }
    return -1
  },
  int32: (out, at, tokens, from, to) => {
    for (let i = from; i < to; i++) {
      const v = tokens[i]
      if ((v | 0) !== v || v < 0) return i
      out[at++] = v
    }
    return -1
  },
  uint32: (out, at, tokens, from, to) => {
    for (let i = from; i < to; i++) {
      const v = tokens[i]
      if (v >>> 0 !== v) return i
      out[at++] = v
    }
    return -1
  },
}
