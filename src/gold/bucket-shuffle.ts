import { appendFile, mkdir, open, readFile, rm, unlink } from 'node:fs/promises'
import path from 'node:path'
import { StrataError } from '../core/errors.ts'

/** The most key bits the first pass splits by: 4 096 buckets per group. */
export const MAX_BUCKET_BITS = 12

/** Bytes of records held in memory across all buckets before they are appended to their files. */
const SPILL_BUFFER_BYTES = 32 << 20
/** Each record on disk: key high half, key low half, payload length (uint32 LE), then the payload. */
const HEADER_BYTES = 12
const SLAB_BYTES = 64 << 10
/** Key bits a bucket too large to sort in memory is split by again: 16 sub-buckets. */
const RESPLIT_BITS = 4
const READ_CHUNK_BYTES = 8 << 20

/**
 * How many key bits to split `bytes` of records by so that each bucket holds about
 * `bucketBytes`: 0 (one bucket) when everything fits, at most `MAX_BUCKET_BITS`.
 */
export function bucketBits(bytes: number, bucketBytes: number): number {
  if (!(bucketBytes > 0)) throw new StrataError('invalid_argument', `bucket size ${bucketBytes} must be positive`)
  if (bytes <= bucketBytes) return 0
  return Math.min(MAX_BUCKET_BITS, Math.ceil(Math.log2(bytes / bucketBytes)))
}

/**
 * An external sort of records by a 64-bit key (two uint32 halves), in groups (a dataset's
 * splits) sorted separately. Pass 1 (`add`) scatters each record to the bucket file of its
 * group and the key's top `bits` bits, through a buffer appended to the files whenever it
 * fills; pass 2 (`drain`) reads one bucket at a time, sorts it and yields its records, so
 * buckets come out in key order. A bucket larger than `bucketBytes` (the first split was a
 * guess) is first split again by the next key bits, streaming, so memory stays about one
 * bucket whatever the data. Records with equal keys keep the order they were added in,
 * whatever the number of buckets: the output does not depend on how the keys were split.
 */
export class BucketShuffle {
  readonly #dir: string
  readonly #bits: number
  readonly #bucketBytes: number
  readonly #pending = new Map<string, Buffer[]>()
  readonly #groups = new Set<string>()
  // The first pass's bucket file names by group, made once.
  readonly #names = new Map<string, string[]>()
  // Bytes of each bucket file on disk.
  readonly #sizes = new Map<string, number>()
  #buffered = 0
  #slab = Buffer.allocUnsafe(SLAB_BYTES)
  #slabUsed = 0

  private constructor(dir: string, bits: number, bucketBytes: number) {
    this.#dir = dir
    this.#bits = bits
    this.#bucketBytes = bucketBytes
  }

  /**
   * Starts a shuffle whose bucket files go to `dir` (created; removed by `close`), split
   * first by `bits` key bits, sorting at most about `bucketBytes` in memory at a time.
   */
  static async create(dir: string, bits: number, bucketBytes: number): Promise<BucketShuffle> {
    if (!Number.isInteger(bits) || bits < 0 || bits > MAX_BUCKET_BITS) {
      throw new StrataError('invalid_argument', `bucket bits ${bits} must be an integer from 0 to ${MAX_BUCKET_BITS}`)
    }
    if (!(bucketBytes > 0)) throw new StrataError('invalid_argument', `bucket size ${bucketBytes} must be positive`)
    await mkdir(dir, { recursive: true })
    return new BucketShuffle(dir, bits, bucketBytes)
  }

  /** The groups records were added to, sorted. */
  get groups(): string[] {
    return [...this.#groups].sort()
  }

  /**
   * Adds a record of `group` (a plain name: letters, digits, `_`) with key (hi, lo). The
   * payload is kept, not copied, until it is written: the caller must not change it.
   */
  async add(group: string, hi: number, lo: number, payload: Uint8Array): Promise<void> {
    this.#groups.add(group)
    if (this.#slabUsed + HEADER_BYTES > SLAB_BYTES) {
      // Headers in the full slab wait in #pending until the next flush copies them out.
      this.#slab = Buffer.allocUnsafe(SLAB_BYTES)
      this.#slabUsed = 0
    }
    const header = this.#slab.subarray(this.#slabUsed, this.#slabUsed + HEADER_BYTES)
    this.#slabUsed += HEADER_BYTES
    header.writeUInt32LE(hi, 0)
    header.writeUInt32LE(lo, 4)
    header.writeUInt32LE(payload.length, 8)
    let files = this.#names.get(group)
    if (!files) this.#names.set(group, (files = []))
    const bucket = this.#bits === 0 ? 0 : hi >>> (32 - this.#bits)
    const file = (files[bucket] ??= this.#file(group, String(bucket)))
    let chunks = this.#pending.get(file)
    if (!chunks) this.#pending.set(file, (chunks = []))
    chunks.push(header, payload as Buffer)
    this.#buffered += HEADER_BYTES + payload.length
    if (this.#buffered >= SPILL_BUFFER_BYTES) await this.#flush()
  }

  /**
   * Yields the records of `group` in key order, bucket by bucket, deleting each bucket
   * file once read. The yielded bytes are views of the bucket read: use them before
   * asking for the next bucket's.
   */
  async *drain(group: string): AsyncGenerator<Uint8Array> {
    await this.#flush()
    for (let bucket = 0; bucket < 1 << this.#bits; bucket++) yield* this.#drainBucket(this.#file(group, String(bucket)), this.#bits)
  }

  /** Removes the bucket folder and what is left in it. */
  async close(): Promise<void> {
    this.#pending.clear()
    await rm(this.#dir, { recursive: true, force: true })
  }

  #file(group: string, bucket: string): string {
    return path.join(this.#dir, `${group}-${bucket}.bin`)
  }

  // The records of one bucket file, whose keys share their top `depth` bits, in key order.
  async *#drainBucket(file: string, depth: number): AsyncGenerator<Uint8Array> {
    const size = this.#sizes.get(file)
    if (size === undefined) return
    if (size > this.#bucketBytes && depth < 32) {
      const bits = Math.min(RESPLIT_BITS, 32 - depth)
      await this.#resplit(file, depth, bits)
      for (let sub = 0; sub < 1 << bits; sub++) yield* this.#drainBucket(`${file.slice(0, -'.bin'.length)}.${sub}.bin`, depth + bits)
      return
    }
    const data = await readFile(file)
    const { order, starts, lengths } = sortBucket(data, file)
    for (const i of order) yield data.subarray(starts[i]!, starts[i]! + lengths[i]!)
    await this.#remove(file)
  }

  // Splits a bucket file into 2^bits files by the key bits below its first `depth`, reading
  // it a chunk at a time; records keep their order within each.
  async #resplit(file: string, depth: number, bits: number): Promise<void> {
    const stem = file.slice(0, -'.bin'.length)
    const shift = 32 - depth - bits
    const mask = (1 << bits) - 1
    const handle = await open(file, 'r')
    try {
      let carry: Buffer = Buffer.alloc(0)
      for (;;) {
        const chunk = Buffer.allocUnsafe(READ_CHUNK_BYTES)
        const { bytesRead } = await handle.read(chunk, 0, READ_CHUNK_BYTES, null)
        if (bytesRead === 0) break
        const data = carry.length === 0 ? chunk.subarray(0, bytesRead) : Buffer.concat([carry, chunk.subarray(0, bytesRead)])
        let at = 0
        while (at + HEADER_BYTES <= data.length) {
          const end = at + HEADER_BYTES + data.readUInt32LE(at + 8)
          if (end > data.length) break
          const sub = (data.readUInt32LE(at) >>> shift) & mask
          this.#queue(`${stem}.${sub}.bin`, data.subarray(at, end))
          at = end
        }
        carry = Buffer.from(data.subarray(at))
        if (this.#buffered >= SPILL_BUFFER_BYTES) await this.#flush()
      }
      if (carry.length > 0) throw new StrataError('corrupt_file', `shuffle bucket ${file} ends inside a record`)
      await this.#flush()
    } finally {
      await handle.close()
    }
    await this.#remove(file)
  }

  #queue(file: string, bytes: Buffer): void {
    let chunks = this.#pending.get(file)
    if (!chunks) this.#pending.set(file, (chunks = []))
    chunks.push(bytes)
    this.#buffered += bytes.length
  }

  async #remove(file: string): Promise<void> {
    await unlink(file)
    this.#sizes.delete(file)
  }

  async #flush(): Promise<void> {
    for (const [file, chunks] of this.#pending) {
      const bytes = Buffer.concat(chunks)
      await appendFile(file, bytes)
      this.#sizes.set(file, (this.#sizes.get(file) ?? 0) + bytes.length)
    }
    this.#pending.clear()
    this.#buffered = 0
    // The headers were copied out with their records: the slab can be written over.
    this.#slabUsed = 0
  }
}

// The records of one bucket file in key order (ties: file order), as their payloads' places.
function sortBucket(data: Buffer, file: string): { order: Uint32Array; starts: Float64Array; lengths: Uint32Array } {
  let count = 0
  for (let at = 0; at < data.length; count++) {
    if (at + HEADER_BYTES > data.length) throw new StrataError('corrupt_file', `shuffle bucket ${file} ends inside a record header`)
    at += HEADER_BYTES + data.readUInt32LE(at + 8)
  }
  const hi = new Uint32Array(count)
  const lo = new Uint32Array(count)
  const starts = new Float64Array(count)
  const lengths = new Uint32Array(count)
  for (let i = 0, at = 0; i < count; i++) {
    hi[i] = data.readUInt32LE(at)
    lo[i] = data.readUInt32LE(at + 4)
    lengths[i] = data.readUInt32LE(at + 8)
    starts[i] = at + HEADER_BYTES
    at += HEADER_BYTES + lengths[i]!
  }
  if (count > 0 && starts[count - 1]! + lengths[count - 1]! !== data.length) {
    throw new StrataError('corrupt_file', `shuffle bucket ${file} ends inside a record`)
  }
  const order = new Uint32Array(count)
  for (let i = 0; i < count; i++) order[i] = i
  order.sort((a, b) => hi[a]! - hi[b]! || lo[a]! - lo[b]! || a - b)
  return { order, starts, lengths }
}
