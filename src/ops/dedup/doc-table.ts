import { closeSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs'
import path from 'node:path'

const utf8 = new TextDecoder()
const WRITE_BUFFER = 1 << 20

/**
 * What near-dedup keeps of each document between reading the keys and deciding: its rank
 * in the keep order, its position among all keys, its id and its shingle set. Fixed-size
 * fields live in typed arrays (16 bytes a document); ids and shingles either in memory
 * or, for corpora larger than memory, appended to a file under `dir` and read back by
 * offset when a candidate pair is verified or a verdict written.
 */
export class DocTable {
  #rank: Float64Array = new Float64Array(1024)
  #position: Float64Array = new Float64Array(1024)
  #size = 0
  // In memory:
  readonly #ids: string[] = []
  readonly #shingles: Uint32Array[] = []
  // On disk: the file, its write buffer, and each document's byte offset (n + 1 entries).
  readonly #fd: number | undefined
  readonly #buffer = Buffer.allocUnsafe(0)
  #pending = 0
  #written = 0
  #offset: Float64Array = new Float64Array(1025)
  readonly #shingleBytes: number[] = []

  constructor(dir?: string) {
    if (dir === undefined) return
    mkdirSync(dir, { recursive: true })
    this.#fd = openSync(path.join(dir, 'docs.bin'), 'w+')
    this.#buffer = Buffer.allocUnsafe(WRITE_BUFFER)
  }

  get size(): number {
    return this.#size
  }

  /** Adds a document: `shingles` are little-endian 32-bit hashes (bytes), `id` UTF-8. */
  add(rank: number, position: number, id: Uint8Array, shingles: Uint8Array): void {
    const i = this.#size++
    if (i === this.#rank.length) {
      this.#rank = grow(this.#rank)
      this.#position = grow(this.#position)
    }
    this.#rank[i] = rank
    this.#position[i] = position
    if (this.#fd === undefined) {
      this.#ids.push(utf8.decode(id))
      this.#shingles.push(toHashes(shingles))
      return
    }
    if (i + 1 >= this.#offset.length) this.#offset = grow(this.#offset)
    this.#write(shingles)
    this.#write(id)
    this.#offset[i + 1] = this.#offset[i]! + shingles.length + id.length
    this.#shingleBytes.push(shingles.length)
  }

  rank(i: number): number {
    return this.#rank[i]!
  }

  position(i: number): number {
    return this.#position[i]!
  }

  id(i: number): string {
    if (this.#fd === undefined) return this.#ids[i]!
    const start = this.#offset[i]! + this.#shingleBytes[i]!
    return utf8.decode(this.#read(start, this.#offset[i + 1]! - start))
  }

  shingles(i: number): Uint32Array {
    if (this.#fd === undefined) return this.#shingles[i]!
    return toHashes(this.#read(this.#offset[i]!, this.#shingleBytes[i]!))
  }

  /** Closes the file, if any; the table cannot be read after. */
  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd)
  }

  #write(bytes: Uint8Array): void {
    if (this.#pending + bytes.length > this.#buffer.length) this.#flush()
    if (bytes.length > this.#buffer.length) {
      writeSync(this.#fd!, bytes, 0, bytes.length, this.#written)
      this.#written += bytes.length
      return
    }
    this.#buffer.set(bytes, this.#pending)
    this.#pending += bytes.length
  }

  #flush(): void {
    if (this.#pending === 0) return
    writeSync(this.#fd!, this.#buffer, 0, this.#pending, this.#written)
    this.#written += this.#pending
    this.#pending = 0
  }

  #read(offset: number, length: number): Buffer {
    if (offset + length > this.#written) this.#flush()
    const out = Buffer.allocUnsafe(length)
    readSync(this.#fd!, out, 0, length, offset)
    return out
  }
}

function grow(a: Float64Array): Float64Array {
  const b = new Float64Array(a.length * 2)
  b.set(a)
  return b
}

function toHashes(bytes: Uint8Array): Uint32Array {
  const out = new Uint32Array(bytes.length / 4)
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)
  for (let i = 0; i < out.length; i++) out[i] = view.readUInt32LE(4 * i)
  return out
}
